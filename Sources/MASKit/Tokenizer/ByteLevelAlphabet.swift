/// GPT-2's reversible byte ↔ character mapping: byte-level BPE vocabularies spell every byte as
/// one printable character. Printable Latin-1 bytes stand for themselves; the other 68 bytes
/// (controls, space, DEL, NBSP, soft hyphen) take U+0100 onwards, in byte order.
enum ByteLevelAlphabet {
    /// The character (scalar value) spelling each byte.
    static let scalarOfByte: [UInt32] = {
        var next: UInt32 = 0x100
        return (0 ..< 256).map { byte in
            if standsForItself(UInt8(byte)) { return UInt32(byte) }
            defer { next += 1 }
            return next
        }
    }()

    /// The byte a character spells, or nil for characters outside the alphabet.
    static func byte(spelledBy scalar: UInt32) -> UInt8? {
        guard scalar < byteOfScalar.count, byteOfScalar[Int(scalar)] >= 0 else { return nil }
        return UInt8(byteOfScalar[Int(scalar)])
    }

    /// The bytes `text` spells, or nil when it has a character outside the alphabet.
    static func bytes(spelledBy text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            guard let byte = byte(spelledBy: scalar.value) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }

    private static func standsForItself(_ byte: UInt8) -> Bool {
        (0x21 ... 0x7E).contains(byte) || (0xA1 ... 0xAC).contains(byte) || byte >= 0xAE
    }

    /// The byte each scalar up to the alphabet's last spells, or -1.
    private static let byteOfScalar: [Int16] = {
        var table = [Int16](repeating: -1, count: Int(scalarOfByte.max() ?? 0) + 1)
        for byte in 0 ..< 256 { table[Int(scalarOfByte[byte])] = Int16(byte) }
        return table
    }()
}
