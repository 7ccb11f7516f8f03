/// A bounds-checked little-endian cursor over the bytes of a GGUF file.
struct GGUFByteReader {
    let bytes: UnsafeRawBufferPointer
    let fileName: String
    private(set) var offset = 0

    init(bytes: UnsafeRawBufferPointer, fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
    }

    var remaining: Int { bytes.count - offset }

    func error(_ problem: String) -> GGUFError { GGUFError(file: fileName, problem: problem) }

    /// The next `count` bytes, or a "truncated" error naming what was being read.
    mutating func take(_ count: Int, for what: @autoclosure () -> String) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw error("truncated: \(what()) needs \(count) bytes at offset \(offset), "
                + "but the file has \(bytes.count) bytes")
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + count])
        offset += count
        return slice
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, for what: @autoclosure () -> String) throws -> T {
        let raw = try take(MemoryLayout<T>.size, for: what())
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    /// A u64 count or length, checked against `limit` and converted to `Int`.
    mutating func readCount(limit: Int, for what: @autoclosure () -> String) throws -> Int {
        let value = try read(UInt64.self, for: what())
        guard value <= UInt64(limit) else {
            throw error("\(what()) is \(value), more than the limit of \(limit)")
        }
        return Int(value)
    }

    /// A GGUF string: u64 byte length, then UTF-8 bytes (invalid sequences become U+FFFD).
    mutating func readString(limit: Int, for what: @autoclosure () -> String) throws -> String {
        let length = try readCount(limit: limit, for: "length of \(what())")
        return String(decoding: try take(length, for: what()), as: UTF8.self)
    }
}
