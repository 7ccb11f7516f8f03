/// Where one tensor lives in a GGUF file and what it holds.
public struct GGUFTensorInfo: Sendable, Equatable {
    public let name: String
    public let type: GGMLType
    /// Dimensions in ggml order: `shape[0]` (ne0) is the row length, the fastest-varying index.
    public let shape: [Int]
    public let elementCount: Int
    public let byteCount: Int
    /// Offset of the data from the start of the file's data section, as stored in the file.
    public let offset: Int
    /// Offset of the data from the start of the file.
    public let fileOffset: Int

    /// Rows of `shape[0]` elements (the product of the other dimensions).
    public var rowCount: Int { shape[0] == 0 ? 0 : elementCount / shape[0] }
}
