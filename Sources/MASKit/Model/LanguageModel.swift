import Foundation
import Synchronization

/// A loaded model: its configuration and weights, shared by any number of contexts. Weights stay where
/// they are (memory-mapped GGUF blocks, BF16/F16/F32 safetensors rows) unless `quantize` asks for a copy.
public final class LanguageModel: @unchecked Sendable {
    /// Where the weights come from.
    public enum Format: Sendable {
        case gguf(GGUFFile)
        /// A Hugging Face directory: its config.json and safetensors weights.
        case huggingFace(config: JSONObject, weights: SafetensorsCheckpoint)
    }

    public let url: URL
    public let format: Format
    public let config: TransformerConfig
    public let generationDefaults: GenerationDefaults
    /// The load-time requantisation applied, if any.
    public let quantization: WeightQuantization?
    /// Owns or maps every weight the transformer reads.
    private let weightSource: WeightSource
    let transformer: Transformer
    /// `tokenEmbeddingNorms()`, computed on first use: a pass over every embedding row (about 0.2 s for
    /// Gemma 3's 262k rows) that every run on this model would otherwise repeat.
    private let embeddingNorms = Mutex<[Float]?>(nil)

    /// Opens a GGUF file or a Hugging Face directory (config.json, model.safetensors or shards with
    /// model.safetensors.index.json, optional generation_config.json), decided by what `url` is.
    /// `quantize: .q8_0` requantises floating-point weight matrices into a new allocation (see
    /// `WeightQuantization`). Throws a one-line error naming the file for anything unsupported or invalid.
    public init(url: URL, quantize: WeightQuantization? = nil, pool: WorkerPool = .shared) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw FileFormatError(file: url.path, problem: "no such file or directory")
        }
        let source: WeightSource
        if isDirectory.boolValue {
            let configURL = url.appendingPathComponent("config.json")
            guard FileManager.default.fileExists(atPath: configURL.path) else {
                throw FileFormatError(file: url.path, problem: "is a directory without config.json (not a Hugging Face checkpoint)")
            }
            let root = try JSONObject(url: configURL)
            config = try TransformerConfig(huggingFace: root)
            let generationURL = url.appendingPathComponent("generation_config.json")
            let generation = FileManager.default.fileExists(atPath: generationURL.path)
                ? try JSONObject(url: generationURL) : nil
            generationDefaults = try GenerationDefaults(huggingFace: generation, config: root)
            let weights = try SafetensorsCheckpoint(directory: url)
            format = .huggingFace(config: root, weights: weights)
            source = try HuggingFaceWeightSource(checkpoint: weights, config: config)
        } else {
            let file = try GGUFFile(url: url)
            config = try TransformerConfig(gguf: file)
            generationDefaults = try GenerationDefaults(gguf: file)
            format = .gguf(file)
            source = GGUFWeightSource(file: file)
        }
        self.url = url
        quantization = quantize
        weightSource = quantize.map { QuantizingWeightSource(base: source, quantization: $0, pool: pool) } ?? source
        let arithmetic = config.numerics.arithmetic
        let weights = try TransformerWeights(source: weightSource, config: config, arithmetic: arithmetic)
        transformer = Transformer(config: config, weights: weights, arithmetic: arithmetic, pool: pool)
    }

    /// The GGUF file the model was read from, if it was.
    public var ggufFile: GGUFFile? {
        if case .gguf(let file) = format { file } else { nil }
    }

    /// Size of the model's files on disk.
    public var fileBytes: Int {
        switch format {
        case .gguf(let file): file.fileSize
        case .huggingFace(_, let weights): weights.byteCount
        }
    }

    public var hiddenSize: Int { config.hiddenSize }
    public var vocabularySize: Int { config.vocabularySize }

    /// The input embedding of a token as the model sees it (scaled by √H for Gemma 3).
    public func tokenEmbedding(_ token: Int32) throws -> [Float] {
        try checkToken(token)
        return [Float](unsafeUninitializedCapacity: hiddenSize) { buffer, initialized in
            writeEmbedding(token, into: buffer.baseAddress!)
            initialized = hiddenSize
        }
    }

    /// Mean L2 norm of the token embeddings: how large the vectors normally entering the model are, to
    /// compare spliced latents with. `scaled`: as the model sees them (Gemma 3 multiplies by √H), else the
    /// stored rows.
    public func meanTokenEmbeddingNorm(scaled: Bool = true) -> Float {
        let rowNorms = tokenEmbeddingNorms()
        let total = rowNorms.reduce(0) { $0 + Double($1) }
        let scale = scaled && config.scalesEmbeddings ? Double(hiddenSize).squareRoot() : 1
        return Float(total / Double(max(1, rowNorms.count)) * scale)
    }

    /// The L2 norm of every stored token-embedding row (unscaled), by token id; computed once per model.
    public func tokenEmbeddingNorms() -> [Float] {
        embeddingNorms.withLock { cached in
            if let cached { return cached }
            let norms = withUnsafeTemporaryAllocation(of: Float.self, capacity: hiddenSize) { row in
                (0..<vocabularySize).map { token in
                    transformer.weights.tokenEmbedding.dequantizeRow(token, into: row.baseAddress!)
                    return Vector.norm(row.baseAddress!, count: hiddenSize)
                }
            }
            cached = norms
            return norms
        }
    }

    func checkToken(_ token: Int32) throws {
        guard token >= 0, Int(token) < vocabularySize else {
            throw ModelError.tokenOutOfRange(token, vocabularySize: vocabularySize)
        }
    }

    func writeEmbedding(_ token: Int32, into row: UnsafeMutablePointer<Float>) {
        transformer.weights.tokenEmbedding.dequantizeRow(Int(token), into: row)
        if config.scalesEmbeddings {
            Vector.scale(row, by: Float(hiddenSize).squareRoot(), count: hiddenSize)
        }
    }
}

public enum ModelError: Error, Equatable, CustomStringConvertible {
    case tokenOutOfRange(Int32, vocabularySize: Int)
    case embeddingSize(Int, expected: Int)
    case contextFull(needed: Int, limit: Int)
    case cacheUnavailable(bytes: Int)
    case emptyInput

    public var description: String {
        switch self {
        case let .tokenOutOfRange(token, size): "token id \(token) is outside the vocabulary (0..<\(size))"
        case let .embeddingSize(size, expected): "an input embedding has \(size) values, the model needs \(expected)"
        case let .contextFull(needed, limit): "the context needs \(needed) positions but the model allows \(limit)"
        case let .cacheUnavailable(bytes): "cannot reserve \(bytes) bytes of address space for the KV cache"
        case .emptyInput: "nothing to run: the input is empty"
        }
    }
}
