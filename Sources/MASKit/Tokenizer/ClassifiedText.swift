/// A run of UTF-8 text decoded once into scalars, their classes and byte offsets, so the
/// pre-tokenizer scanners can look around freely.
struct ClassifiedText {
    /// Scalar values; invalid UTF-8 bytes become U+FFFD, one per byte.
    private(set) var scalars: [UInt32] = []
    private(set) var classes: [UnicodeClass] = []
    /// Byte offset of each scalar in the source, plus one past the end.
    private(set) var byteOffsets: [Int] = []

    init(_ bytes: ArraySlice<UInt8>) {
        scalars.reserveCapacity(bytes.count)
        classes.reserveCapacity(bytes.count)
        byteOffsets.reserveCapacity(bytes.count + 1)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let (scalar, length) = Self.decodeScalar(bytes, at: index)
            scalars.append(scalar)
            classes.append(UnicodeClass(scalar))
            byteOffsets.append(index)
            index += length
        }
        byteOffsets.append(bytes.endIndex)
    }

    var count: Int { scalars.count }

    /// The scalar at `index`, or nil outside `range` (patterns never look past their piece).
    @inline(__always)
    func scalar(_ index: Int, in range: Range<Int>) -> UInt32? {
        range.contains(index) ? scalars[index] : nil
    }

    @inline(__always)
    func `class`(_ index: Int, in range: Range<Int>) -> UnicodeClass? {
        range.contains(index) ? classes[index] : nil
    }

    private static func decodeScalar(_ bytes: ArraySlice<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2 ... 0xDF: (length, value) = (2, UInt32(lead & 0x1F))
        case 0xE0 ... 0xEF: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xF0 ... 0xF4: (length, value) = (4, UInt32(lead & 0x07))
        default: return (0xFFFD, 1)
        }
        guard index + length <= bytes.endIndex else { return (0xFFFD, 1) }
        for offset in 1 ..< length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, length)
    }
}
