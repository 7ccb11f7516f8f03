/// What `mastui models` shows about a GGUF model.
public struct GGUFModelSummary: Sendable, Equatable {
    public let fileName: String
    /// `general.architecture`, e.g. "llama" or "gemma3".
    public let architecture: String
    /// `general.name`, when present.
    public let name: String?
    /// The number of elements in all tensors.
    public let parameterCount: Int
    /// `<architecture>.embedding_length`.
    public let hiddenSize: Int?
    /// `<architecture>.block_count`.
    public let layerCount: Int?
    /// llama.cpp's name for `general.file_type` (e.g. "Q4_K_M"), else the most common weight type.
    public let quantisation: String
    /// Bytes on disk.
    public let fileSize: Int

    public init(file: GGUFFile) throws {
        fileName = file.fileName
        architecture = try file.string("general.architecture")
        name = try file.stringIfPresent("general.name")
        parameterCount = file.tensors.reduce(0) { $0 + $1.elementCount }
        hiddenSize = try file.intIfPresent("\(architecture).embedding_length")
        layerCount = try file.intIfPresent("\(architecture).block_count")
        let fileType = try file.intIfPresent("general.file_type")
        quantisation = fileType.flatMap(LlamaFileType.name(of:))
            ?? Self.mostCommonWeightType(in: file.tensors)?.description
            ?? "unknown"
        fileSize = file.fileSize
    }

    /// The most common type among matrices (1-D norm weights are F32 whatever the quantisation),
    /// or among all tensors when there are no matrices; ties go to the lower type id.
    static func mostCommonWeightType(in tensors: [GGUFTensorInfo]) -> GGMLType? {
        let matrices = tensors.filter { $0.shape.count > 1 }
        let counted = Dictionary((matrices.isEmpty ? tensors : matrices).map { ($0.type, 1) }, uniquingKeysWith: +)
        return counted.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key
    }
}
