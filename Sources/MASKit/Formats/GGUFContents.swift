/// Everything a GGUF file's header says: metadata and the tensor directory.
struct GGUFContents {
    /// Caps that keep hostile files from exhausting memory; far above any real model.
    enum Limits {
        static let tensorCount = 1 << 20
        static let metadataCount = 1 << 20
        static let keyBytes = 1 << 16
        static let stringBytes = 1 << 26
        static let tensorNameBytes = 1 << 10
        /// Array elements in the whole file, nested arrays included.
        static let arrayElements = 1 << 26
        static let arrayDepth = 8
        static let dimensions = 4
        static let tensorElements = 1 << 48
        static let alignment = 1 << 30
    }

    static let defaultAlignment = 32
    static let magic: [UInt8] = Array("GGUF".utf8)
    static let supportedVersions: ClosedRange<UInt32> = 2 ... 3

    let version: Int
    let metadataKeys: [String]
    let metadata: [String: GGUFValue]
    let alignment: Int
    let dataOffset: Int
    let tensors: [GGUFTensorInfo]

    init(bytes: UnsafeRawBufferPointer, fileName: String) throws {
        var parser = GGUFParser(reader: GGUFByteReader(bytes: bytes, fileName: fileName))
        version = try parser.readHeader()
        let tensorCount = try parser.reader.readCount(limit: Limits.tensorCount, for: "tensor count")
        let metadataCount = try parser.reader.readCount(limit: Limits.metadataCount, for: "metadata count")
        (metadataKeys, metadata) = try parser.readMetadata(count: metadataCount)
        alignment = try parser.alignment(in: metadata)
        let infos = try parser.readTensorInfos(count: tensorCount)
        let dataOffset = parser.reader.offset.roundedUp(to: alignment)
        let alignment = alignment
        tensors = try infos.map { try parser.placed($0, dataOffset: dataOffset, alignment: alignment) }
        self.dataOffset = dataOffset
    }
}

/// A tensor info as read, before its data is placed in the file.
struct GGUFRawTensorInfo {
    let name: String
    let type: GGMLType
    let shape: [Int]
    let elementCount: Int
    let byteCount: Int
    let offset: Int
}

extension Int {
    /// The smallest multiple of `alignment` (a power of two) that is not less than `self`.
    func roundedUp(to alignment: Int) -> Int { (self + alignment - 1) & ~(alignment - 1) }
}
