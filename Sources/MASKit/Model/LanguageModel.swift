import Foundation

/// A loaded model: its configuration and memory-mapped weights, shared by any number of contexts.
public final class LanguageModel: @unchecked Sendable {
    public let file: GGUFFile
    public let config: TransformerConfig
    let transformer: Transformer

    /// Opens a GGUF model; throws a one-line error naming the file for anything unsupported or invalid.
    public init(url: URL, pool: WorkerPool = .shared) throws {
        file = try GGUFFile(url: url)
        config = try TransformerConfig(gguf: file)
        let weights = try TransformerWeights(gguf: file, config: config)
        transformer = Transformer(config: config, weights: weights, pool: pool)
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
        var total: Double = 0
        withUnsafeTemporaryAllocation(of: Float.self, capacity: hiddenSize) { row in
            for token in 0..<vocabularySize {
                transformer.weights.tokenEmbedding.dequantizeRow(token, into: row.baseAddress!)
                total += Double(Vector.norm(row.baseAddress!, count: hiddenSize))
            }
        }
        let scale = scaled && config.scalesEmbeddings ? Double(hiddenSize).squareRoot() : 1
        return Float(total / Double(vocabularySize) * scale)
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
    case emptyInput

    public var description: String {
        switch self {
        case let .tokenOutOfRange(token, size): "token id \(token) is outside the vocabulary (0..<\(size))"
        case let .embeddingSize(size, expected): "an input embedding has \(size) values, the model needs \(expected)"
        case let .contextFull(needed, limit): "the context needs \(needed) positions but the model allows \(limit)"
        case .emptyInput: "nothing to run: the input is empty"
        }
    }
}
