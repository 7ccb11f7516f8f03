import Foundation

/// Unicode normalisation of input text, as a tokenizer.json `NFC` normalizer asks for.
enum UnicodeNormalization {
    /// The bytes of `bytes`' text in normalisation form C (invalid UTF-8 becomes U+FFFD first).
    static func nfc(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        // ASCII is already in form C.
        guard bytes.contains(where: { $0 >= 0x80 }) else { return Array(bytes) }
        return Array(String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping.utf8)
    }
}
