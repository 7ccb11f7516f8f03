/// A problem found inside a file by a parser that does not know the file's name; the caller wraps it
/// into a `FileFormatError`.
struct FormatProblem: Error {
    let text: String

    init(_ text: String) { self.text = text }
}

/// Bounds-checked little-endian reads at absolute offsets.
struct LittleEndianBytes {
    let bytes: UnsafeRawBufferPointer

    func integer<T: FixedWidthInteger>(_ type: T.Type, at offset: Int, _ what: @autoclosure () -> String) throws(FormatProblem) -> T {
        guard offset >= 0, offset <= bytes.count - MemoryLayout<T>.size else {
            throw FormatProblem("\(what()) at byte \(offset) runs past the end of the file")
        }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    func u16(_ offset: Int, _ what: @autoclosure () -> String) throws(FormatProblem) -> Int {
        Int(try integer(UInt16.self, at: offset, what()))
    }

    func u32(_ offset: Int, _ what: @autoclosure () -> String) throws(FormatProblem) -> Int {
        Int(try integer(UInt32.self, at: offset, what()))
    }

    /// A 64-bit field, refused when it does not fit an Int.
    func u64(_ offset: Int, _ what: @autoclosure () -> String) throws(FormatProblem) -> Int {
        let value = try integer(UInt64.self, at: offset, what())
        guard value <= UInt64(Int.max) else { throw FormatProblem("\(what()) at byte \(offset) is too large (\(value))") }
        return Int(value)
    }
}
