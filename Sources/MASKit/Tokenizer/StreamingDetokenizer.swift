/// Turns generated token ids, one at a time, into text as soon as it is complete: bytes of a UTF-8
/// character split across tokens are held back until the character's last byte arrives.
/// Text is the concatenation of the token pieces (no space clean-up, as llama.cpp streams it).
public struct StreamingDetokenizer: Sendable {
    public let tokenizer: any Tokenizer
    /// Control tokens give no text.
    public let skipSpecial: Bool
    private var pending: [UInt8] = []

    public init(tokenizer: any Tokenizer, skipSpecial: Bool = true) {
        self.tokenizer = tokenizer
        self.skipSpecial = skipSpecial
    }

    /// The text completed by `id` (possibly empty).
    public mutating func append(_ id: Int32) throws -> String {
        pending += try tokenizer.pieceBytes(id, special: !skipSpecial)
        let complete = Self.completeLength(pending)
        guard complete > 0 else { return "" }
        let text = String(decoding: pending[..<complete], as: UTF8.self)
        pending.removeFirst(complete)
        return text
    }

    /// Whatever is still held back (an unfinished character becomes U+FFFD); the stream starts afresh.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Bytes held back, waiting for the rest of a character.
    public var pendingByteCount: Int { pending.count }

    /// Length of the prefix of `bytes` that does not end inside a UTF-8 character that may still be
    /// completed. Invalid bytes are not held back: they decode to U+FFFD straight away.
    static func completeLength(_ bytes: [UInt8]) -> Int {
        // A character is at most 4 bytes, so only a lead byte among the last 3 can be unfinished.
        var index = bytes.count - 1
        while index >= max(0, bytes.count - 3) {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 {
                let expected = switch byte {
                case 0xC2 ... 0xDF: 2
                case 0xE0 ... 0xEF: 3
                case 0xF0 ... 0xF4: 4
                default: 1
                }
                return bytes.count - index < expected ? index : bytes.count
            }
            index -= 1
        }
        return bytes.count
    }
}
