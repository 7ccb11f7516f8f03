/// The shape and conventions of a decoder-only transformer, read from a GGUF file's metadata or a Hugging
/// Face config.json (TransformerConfig+HuggingFace.swift).
///
/// One forward pass serves the Llama family (llama incl. SmolLM2, Llama 3.x and Mistral, qwen2 with
/// q/k/v biases, qwen3 with q/k norms), Gemma 3 and Qwen3.5 (DeltaNet and gated attention layers); the
/// differences are these switches and the layer kinds.
public struct TransformerConfig: Sendable, Equatable {
    public enum Architecture: String, Sendable, CaseIterable {
        case llama, qwen2, qwen3, gemma3, qwen3_5
    }

    /// How a layer mixes positions.
    public enum LayerKind: String, Sendable, Equatable {
        case fullAttention = "full_attention"
        /// Attention through the sliding window.
        case slidingAttention = "sliding_attention"
        /// Gated DeltaNet: a causal convolution and a delta-rule recurrent state (Qwen3.5).
        case linearAttention = "linear_attention"
    }

    public var architecture: Architecture
    /// The file's own name for the architecture: GGUF `general.architecture` or config.json `model_type`
    /// (e.g. "mistral", which runs as `.llama`).
    public var modelType: String
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layerCount: Int
    public var feedForwardSize: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    public var contextLength: Int
    public var normEpsilon: Float
    public var ropeBase: Float
    /// Rotated dimensions per head (≤ headDim).
    public var ropeDimensions: Int
    /// llama GGUFs rotate adjacent pairs (the converter permuted q/k); the others split halves.
    public var ropeLayout: RoPELayout
    /// Frequency scaling of the global layers' RoPE (nil: none, or per-pair factors stored in the GGUF).
    public var ropeScaling: RoPEScaling?
    /// Scale of attention scores, 1/√headDim unless the model says otherwise.
    public var attentionScale: Float
    /// Whether llama.cpp applies `attentionScale` to the queries before rounding them to f16 (Gemma) rather
    /// than to the scores (the others).
    var scalesQueries: Bool { architecture == .gemma3 }
    /// The LM head is the token embedding matrix.
    public var tiesOutputToEmbedding: Bool
    /// The reference whose rounding the forward pass follows (llama.cpp for GGUF files).
    public var numerics: ForwardNumerics = .float32

    // Gemma 3
    /// Token embeddings are multiplied by √hiddenSize (spliced latents are not).
    public var scalesEmbeddings: Bool
    /// GELU-tanh gate instead of SiLU.
    public var usesGELU: Bool
    /// Sliding-window width of local layers (nil: every layer attends globally).
    public var slidingWindow: Int?
    /// RoPE base of the local (sliding-window) layers, which never use `ropeScaling`.
    public var localRopeBase: Float
    /// tanh soft-capping of the final logits (nil: none).
    public var finalLogitSoftcap: Float?

    /// Per layer, how it mixes positions (sliding layers attend through `slidingWindow` when one is set).
    public var layerKinds: [LayerKind]

    // Qwen3.5
    /// The query projection also yields a sigmoid gate on the attention output.
    public var gatesAttentionOutput = false
    /// The DeltaNet layers' shape (nil: the model has none).
    public var deltaNet: DeltaNetShape?

    /// Whether layer `index` uses the sliding window.
    public func isLocal(layer index: Int) -> Bool {
        slidingWindow != nil && layerKinds[index] == .slidingAttention
    }

    /// Whether some layer keeps a recurrent state, which, unlike a KV cache, cannot be cut back to a prefix.
    public var hasRecurrentLayers: Bool { layerKinds.contains(.linearAttention) }

    /// A layout where every `period`-th layer is `periodic` and the others `other` (Gemma 3: every sixth
    /// global; Qwen3.5: every fourth full attention).
    static func layerKinds(count: Int, every period: Int, _ periodic: LayerKind, else other: LayerKind) -> [LayerKind] {
        (0..<count).map { ($0 + 1) % period == 0 ? periodic : other }
    }
}

/// Widths of a Gated DeltaNet layer: value heads share key heads in groups (value head j reads key head
/// j / (valueHeads / keyHeads)).
public struct DeltaNetShape: Sendable, Equatable {
    public var keyHeads: Int
    public var valueHeads: Int
    public var keyHeadDim: Int
    public var valueHeadDim: Int
    /// Width of the causal depthwise convolution over the q, k and v channels.
    public var convolutionWidth: Int

    public init(keyHeads: Int, valueHeads: Int, keyHeadDim: Int, valueHeadDim: Int, convolutionWidth: Int) {
        self.keyHeads = keyHeads
        self.valueHeads = valueHeads
        self.keyHeadDim = keyHeadDim
        self.valueHeadDim = valueHeadDim
        self.convolutionWidth = convolutionWidth
    }

    public var keyWidth: Int { keyHeads * keyHeadDim }
    public var valueWidth: Int { valueHeads * valueHeadDim }
    /// q, k and v channels, which the convolution runs over.
    public var channels: Int { 2 * keyWidth + valueWidth }
    /// Floats of one layer's delta-rule state: a keyHeadDim × valueHeadDim matrix per value head.
    public var stateSize: Int { valueHeads * keyHeadDim * valueHeadDim }
}

extension TransformerConfig {
    /// The architectures that run from GGUF files (Qwen3.5 runs from its Hugging Face checkpoints only).
    public static let ggufArchitectures: [Architecture] = [.llama, .qwen2, .qwen3, .gemma3]

    /// Reads the configuration; throws a `GGUFError` naming the file for an unsupported architecture or a
    /// missing or inconsistent hyperparameter.
    public init(gguf file: GGUFFile) throws {
        let name = try file.string("general.architecture")
        let supported = Self.ggufArchitectures
        guard let architecture = Architecture(rawValue: name), supported.contains(architecture) else {
            let hint = name == "qwen35" ? "; Qwen3.5 runs from its Hugging Face checkpoint" : ""
            throw file.error("architecture '\(name)' is not supported (supported: "
                             + supported.map(\.rawValue).joined(separator: ", ") + hint + ")")
        }
        let key = { (suffix: String) in "\(name).\(suffix)" }
        // Every count is bounded as it is read: nothing is sized or looped over from an unchecked value.
        func count(_ suffix: String, _ range: ClosedRange<Int>, default value: Int? = nil) throws -> Int {
            let n = try file.intIfPresent(key(suffix)) ?? value ?? file.int(key(suffix))
            guard range.contains(n) else { throw file.error(Hyperparameters.outside(key(suffix), n, range)) }
            return n
        }
        func positive(_ suffix: String, default value: Float? = nil) throws -> Float? {
            guard let x = try file.floatIfPresent(key(suffix)) ?? value else { return nil }
            guard x > 0, x.isFinite else { throw file.error(Hyperparameters.notPositive(key(suffix), x)) }
            return x
        }
        self.architecture = architecture
        modelType = name
        hiddenSize = try count("embedding_length", Hyperparameters.width)
        layerCount = try count("block_count", Hyperparameters.layers)
        let layersWithTensors = Self.layersWithTensors(in: file)
        guard layerCount <= layersWithTensors else {
            throw file.error("'\(key("block_count"))' is \(layerCount) but the file has tensors for \(layersWithTensors) layers")
        }
        feedForwardSize = try count("feed_forward_length", Hyperparameters.width)
        headCount = try count("attention.head_count", Hyperparameters.heads)
        kvHeadCount = try count("attention.head_count_kv", Hyperparameters.heads, default: headCount)
        headDim = try count("attention.key_length", Hyperparameters.width, default: max(1, hiddenSize / headCount))
        contextLength = try count("context_length", Hyperparameters.context, default: 2048)
        normEpsilon = try positive("attention.layer_norm_rms_epsilon") ?? file.float(key("attention.layer_norm_rms_epsilon"))
        ropeBase = try positive("rope.freq_base", default: 10_000) ?? 10_000
        ropeDimensions = try count("rope.dimension_count", 1...headDim, default: headDim)
        ropeLayout = architecture == .llama ? .normal : .neox
        attentionScale = 1 / Float(headDim).squareRoot()
        ropeScaling = try Self.ggufRopeScaling(file, key: key)
        numerics = .llamaCpp
        tiesOutputToEmbedding = file.tensor(named: "output.weight") == nil
        let tokens = try file.arrayIfPresent("tokenizer.ggml.tokens")?.count
        let embeddingRows = try file.requiredTensor(named: "token_embd.weight").rowCount
        vocabularySize = try count("vocab_size", Hyperparameters.vocabulary, default: tokens ?? embeddingRows)
        if let tokens, tokens != embeddingRows {
            throw file.error("the tokenizer lists \(tokens) tokens but token_embd.weight has \(embeddingRows) rows")
        }

        let isGemma = architecture == .gemma3
        scalesEmbeddings = isGemma
        usesGELU = isGemma
        slidingWindow = isGemma ? try file.intIfPresent(key("attention.sliding_window")).map { _ in
            try count("attention.sliding_window", Hyperparameters.context)
        } : nil
        localRopeBase = 10_000
        layerKinds = Self.layerKinds(count: layerCount, every: isGemma ? 6 : 1, .fullAttention, else: .slidingAttention)
        finalLogitSoftcap = try positive("final_logit_softcapping")

        guard hiddenSize > 0, layerCount > 0, feedForwardSize > 0, kvHeadCount > 0, headDim > 0,
              headCount % kvHeadCount == 0, headDim % 2 == 0, ropeDimensions <= headDim,
              ropeDimensions % 2 == 0, vocabularySize > 0, vocabularySize == embeddingRows
        else {
            throw file.error("inconsistent hyperparameters (hidden \(hiddenSize), layers \(layerCount), "
                             + "heads \(headCount)/\(kvHeadCount), head dim \(headDim), vocab \(vocabularySize), "
                             + "embedding rows \(embeddingRows))")
        }
    }

    /// How many layers the file has tensors for: one past the highest `blk.N.` index.
    private static func layersWithTensors(in file: GGUFFile) -> Int {
        file.tensors.reduce(0) { highest, tensor in
            let parts = tensor.name.split(separator: ".", maxSplits: 2)
            guard parts.count == 3, parts[0] == "blk", let index = Int(parts[1]), index >= 0, index < Hyperparameters.layers.upperBound
            else { return highest }
            return max(highest, index + 1)
        }
    }

    /// Linear scaling (Gemma 3 4B and larger); llama 3's scaling comes as the rope_freqs tensor instead.
    private static func ggufRopeScaling(_ file: GGUFFile, key: (String) -> String) throws -> RoPEScaling? {
        guard try file.stringIfPresent(key("rope.scaling.type")) == "linear",
              let factor = try file.floatIfPresent(key("rope.scaling.factor")), factor != 1
        else { return nil }
        guard factor > 0, factor.isFinite else { throw file.error(Hyperparameters.notPositive(key("rope.scaling.factor"), factor)) }
        return .linear(factor: factor)
    }
}

/// Bounds on what a model file may say. Past them a file is damaged or hostile; within them every later
/// product (KV cache bytes, scratch sizes) stays far from overflow.
public enum Hyperparameters {
    public static let layers = 1...1024
    /// Hidden, feed-forward and head widths.
    public static let width = 1...(1 << 18)
    public static let heads = 1...4096
    /// Positions (also bounds sliding windows).
    public static let context = 1...(1 << 24)
    public static let vocabulary = 1...(1 << 22)

    public static func outside(_ key: String, _ value: Int, _ range: ClosedRange<Int>) -> String {
        "'\(key)' is \(value), outside \(range.lowerBound)...\(range.upperBound)"
    }

    public static func notPositive(_ key: String, _ value: Float) -> String {
        "'\(key)' is \(value); it must be a positive finite number"
    }
}
