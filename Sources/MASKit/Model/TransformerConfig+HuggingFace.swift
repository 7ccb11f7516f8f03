extension TransformerConfig {
    /// The config.json `model_type`s that map onto the forward pass.
    public static let huggingFaceModelTypes = ["llama", "mistral", "qwen2", "qwen3", "gemma3_text", "gemma3",
                                               "qwen3_5_text", "qwen3_5"]

    /// Reads a Hugging Face config.json (the multimodal `gemma3` and `qwen3_5`: their `text_config`). Both spellings of RoPE settings are
    /// read: transformers 4's `rope_theta` / `rope_scaling` / `rope_local_base_freq` and transformers 5's
    /// `rope_parameters` (per layer type for Gemma 3). Throws a one-line `FileFormatError` naming the file.
    public init(huggingFace root: JSONObject) throws {
        let modelType = try root.string("model_type")
        let config: JSONObject
        switch modelType {
        case "gemma3", "qwen3_5":
            guard let text = try root.objectIfPresent("text_config") else { throw root.error("missing 'text_config'") }
            config = text
        case _ where Self.huggingFaceModelTypes.contains(modelType):
            config = root
        default:
            throw root.error("model_type '\(modelType)' is not supported (supported: "
                             + Self.huggingFaceModelTypes.joined(separator: ", ") + ")")
        }
        let isGemma = modelType.hasPrefix("gemma3")
        // Gemma 3's multimodal configs leave out what Gemma3TextConfig defaults.
        let defaults = isGemma ? Self.gemma3TextDefaults : [:]
        // Every count is bounded as it is read: nothing is sized or looped over from an unchecked value.
        func int(_ key: String, _ range: ClosedRange<Int>, default fallback: Int? = nil) throws -> Int {
            guard let value = try config.intIfPresent(key) ?? defaults[key].map(Int.init) ?? fallback else {
                throw config.error("missing '\(config.keyPrefix)\(key)'")
            }
            guard range.contains(value) else { throw config.error(Hyperparameters.outside(config.keyPrefix + key, value, range)) }
            return value
        }
        func float(_ key: String, default fallback: Float? = nil) throws -> Float {
            guard let value = try config.floatIfPresent(key) ?? defaults[key].map(Float.init) ?? fallback else {
                throw config.error("missing '\(config.keyPrefix)\(key)'")
            }
            guard value > 0, value.isFinite else { throw config.error(Hyperparameters.notPositive(config.keyPrefix + key, value)) }
            return value
        }

        switch modelType {
        case "qwen2": architecture = .qwen2
        case "qwen3": architecture = .qwen3
        case "llama", "mistral": architecture = .llama
        case "qwen3_5", "qwen3_5_text": architecture = .qwen3_5
        default: architecture = .gemma3
        }
        self.modelType = modelType
        hiddenSize = try int("hidden_size", Hyperparameters.width)
        layerCount = try int("num_hidden_layers", Hyperparameters.layers)
        feedForwardSize = try int("intermediate_size", Hyperparameters.width)
        headCount = try int("num_attention_heads", Hyperparameters.heads)
        kvHeadCount = try int("num_key_value_heads", Hyperparameters.heads, default: headCount)
        headDim = try int("head_dim", Hyperparameters.width, default: max(1, hiddenSize / headCount))
        vocabularySize = try int("vocab_size", Hyperparameters.vocabulary)
        contextLength = try int("max_position_embeddings", Hyperparameters.context, default: 2048)
        normEpsilon = try float("rms_norm_eps", default: 1e-6)
        let isQwen35 = architecture == .qwen3_5
        let rotaryFraction = try config.objectIfPresent("rope_parameters")?.floatIfPresent("partial_rotary_factor")
            ?? config.floatIfPresent("partial_rotary_factor") ?? (isQwen35 ? 0.25 : 1)
        guard rotaryFraction > 0, rotaryFraction <= 1 else {
            throw config.error("'partial_rotary_factor' is \(rotaryFraction); it must be in (0, 1]")
        }
        ropeDimensions = Int((Float(headDim) * rotaryFraction).rounded())
        ropeLayout = .neox  // Hugging Face never permutes q/k: every model rotates split halves
        tiesOutputToEmbedding = try config.boolIfPresent("tie_word_embeddings") ?? root.boolIfPresent("tie_word_embeddings")
            ?? isGemma

        let activation = try config.stringIfPresent("hidden_activation") ?? config.stringIfPresent("hidden_act")
            ?? (isGemma ? "gelu_pytorch_tanh" : "silu")
        switch activation {
        case "silu": usesGELU = false
        case "gelu_pytorch_tanh": usesGELU = true
        default: throw config.error("hidden activation '\(activation)' is not supported (supported: silu, gelu_pytorch_tanh)")
        }
        for flag in ["attention_bias", "mlp_bias"] where architecture != .qwen2 {
            if try config.boolIfPresent(flag) == true { throw config.error("'\(flag)': true is not supported") }
        }
        if try config.floatIfPresent("attn_logit_softcapping") != nil {
            throw config.error("'attn_logit_softcapping' is not supported")
        }

        let rope = try HuggingFaceRoPE(config: config, isGemma: isGemma, headDim: headDim)
        ropeBase = rope.base
        ropeScaling = rope.scaling
        localRopeBase = rope.localBase

        scalesEmbeddings = isGemma
        let queryScalar = isGemma ? try float("query_pre_attn_scalar") : Float(headDim)
        guard queryScalar > 0 else { throw config.error("query_pre_attn_scalar must be positive") }
        attentionScale = 1 / queryScalar.squareRoot()
        finalLogitSoftcap = try config.floatIfPresent("final_logit_softcapping").map { _ in try float("final_logit_softcapping") }

        let window = try Self.slidingWindow(config, modelType: modelType, defaults: defaults)
        slidingWindow = window
        layerKinds = try Self.layerKinds(config, layerCount: layerCount, architecture: architecture,
                                         hasWindow: window != nil)
        if isQwen35 {
            gatesAttentionOutput = true
            deltaNet = DeltaNetShape(keyHeads: try int("linear_num_key_heads", Hyperparameters.heads),
                                     valueHeads: try int("linear_num_value_heads", Hyperparameters.heads),
                                     keyHeadDim: try int("linear_key_head_dim", Hyperparameters.width),
                                     valueHeadDim: try int("linear_value_head_dim", Hyperparameters.width),
                                     convolutionWidth: try int("linear_conv_kernel_dim", 1...64))
        }
        if let shape = deltaNet {
            guard shape.keyHeads > 0, shape.valueHeads > 0, shape.valueHeads % shape.keyHeads == 0, shape.keyHeadDim > 0,
                  shape.valueHeadDim > 0, shape.convolutionWidth > 0
            else {
                throw config.error("inconsistent linear-attention sizes (heads \(shape.keyHeads)/\(shape.valueHeads), "
                                   + "head dims \(shape.keyHeadDim)/\(shape.valueHeadDim), kernel \(shape.convolutionWidth))")
            }
        }

        guard hiddenSize > 0, layerCount > 0, feedForwardSize > 0, kvHeadCount > 0, headDim > 0,
              headCount % kvHeadCount == 0, headDim % 2 == 0, ropeDimensions > 0, ropeDimensions <= headDim,
              ropeDimensions % 2 == 0, vocabularySize > 0, contextLength > 0, window.map(Hyperparameters.context.contains) ?? true
        else {
            throw config.error("inconsistent hyperparameters (hidden \(hiddenSize), layers \(layerCount), "
                               + "heads \(headCount)/\(kvHeadCount), head dim \(headDim), rotary \(ropeDimensions), "
                               + "vocab \(vocabularySize), sliding window \(window.map(String.init) ?? "none"))")
        }
    }

    /// Gemma3TextConfig's defaults for the keys that released Gemma 3 configs omit.
    private static let gemma3TextDefaults: [String: Double] = [
        "vocab_size": 262_208, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
        "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256, "max_position_embeddings": 131_072,
        "rms_norm_eps": 1e-6, "rope_theta": 1_000_000, "rope_local_base_freq": 10_000,
        "query_pre_attn_scalar": 256, "sliding_window": 4096, "sliding_window_pattern": 6,
    ]

    /// Qwen 2/3 ignore `sliding_window` unless `use_sliding_window` is set; Gemma 3 always has one.
    private static func slidingWindow(_ config: JSONObject, modelType: String, defaults: [String: Double]) throws -> Int? {
        if modelType.hasPrefix("qwen"), try config.boolIfPresent("use_sliding_window") != true { return nil }
        return try config.intIfPresent("sliding_window") ?? defaults["sliding_window"].map(Int.init)
    }

    /// `layer_types` when given; else Gemma 3's every-sixth-layer-global pattern, Qwen3.5's every fourth layer
    /// full attention, Qwen's sliding layers from `max_window_layers` on, and every layer for Mistral.
    private static func layerKinds(_ config: JSONObject, layerCount: Int, architecture: Architecture,
                                   hasWindow: Bool) throws -> [LayerKind] {
        let supported: [LayerKind] = architecture == .qwen3_5
            ? [.fullAttention, .linearAttention] : [.fullAttention, .slidingAttention]
        if let types = try config.stringArrayIfPresent("layer_types") {
            guard types.count == layerCount else {
                throw config.error("'layer_types' has \(types.count) entries for \(layerCount) layers")
            }
            return try types.map { type in
                guard let kind = LayerKind(rawValue: type), supported.contains(kind) else {
                    throw config.error("layer type '\(type)' is not supported (supported: "
                                       + supported.map(\.rawValue).joined(separator: ", ") + ")")
                }
                return kind
            }
        }
        func period(_ keys: [String], default value: Int) throws -> Int {
            let period = try keys.lazy.compactMap(config.intIfPresent).first ?? value
            guard period > 0 else { throw config.error("'\(keys[0])' must be positive") }
            return period
        }
        switch architecture {
        case .gemma3:
            return layerKinds(count: layerCount, every: try period(["sliding_window_pattern", "_sliding_window_pattern"], default: 6),
                              .fullAttention, else: .slidingAttention)
        case .qwen3_5:
            return layerKinds(count: layerCount, every: try period(["full_attention_interval"], default: 4),
                              .fullAttention, else: .linearAttention)
        default:
            let firstSliding = try config.intIfPresent("max_window_layers") ?? 0
            return (0..<layerCount).map { hasWindow && $0 >= firstSliding ? .slidingAttention : .fullAttention }
        }
    }
}

/// RoPE bases and scaling from either spelling of a config.json.
private struct HuggingFaceRoPE {
    var base: Float
    var scaling: RoPEScaling?
    var localBase: Float

    init(config: JSONObject, isGemma: Bool, headDim: Int) throws {
        if let parameters = try config.objectIfPresent("rope_parameters") {
            if isGemma, let full = try parameters.objectIfPresent("full_attention") {
                (base, scaling) = try Self.read(full)
                let sliding = try parameters.objectIfPresent("sliding_attention")
                let (local, localScaling) = try sliding.map(Self.read) ?? (10_000, nil)
                guard localScaling == nil else {
                    throw config.error("RoPE scaling of sliding-attention layers is not supported")
                }
                localBase = local
            } else {
                (base, scaling) = try Self.read(parameters)
                localBase = isGemma ? 10_000 : base
            }
        } else {
            base = try config.floatIfPresent("rope_theta") ?? (isGemma ? 1_000_000 : 10_000)
            scaling = try config.objectIfPresent("rope_scaling").flatMap(Self.scaling)
            localBase = isGemma ? try config.floatIfPresent("rope_local_base_freq") ?? 10_000 : base
        }
        guard base > 0, base.isFinite, localBase > 0, localBase.isFinite else {
            throw config.error("RoPE base must be a positive finite number")
        }
    }

    /// `rope_theta` and the scaling of one `rope_parameters` object (transformers 5).
    private static func read(_ parameters: JSONObject) throws -> (Float, RoPEScaling?) {
        guard let theta = try parameters.floatIfPresent("rope_theta") else {
            throw parameters.error("missing '\(parameters.keyPrefix)rope_theta'")
        }
        return (theta, try scaling(parameters))
    }

    /// The scaling a `rope_scaling` / `rope_parameters` object describes (nil for "default").
    private static func scaling(_ object: JSONObject) throws -> RoPEScaling? {
        let type = try object.stringIfPresent("rope_type") ?? object.stringIfPresent("type") ?? "default"
        func number(_ key: String) throws -> Float {
            guard let value = try object.floatIfPresent(key) else { throw object.error("missing '\(object.keyPrefix)\(key)'") }
            guard value > 0 else { throw object.error("'\(object.keyPrefix)\(key)' must be positive") }
            return value
        }
        switch type {
        case "default":
            return nil
        case "linear":
            return .linear(factor: try number("factor"))
        case "llama3":
            let low = try number("low_freq_factor"), high = try number("high_freq_factor")
            guard high > low else { throw object.error("llama3 RoPE scaling needs high_freq_factor > low_freq_factor") }
            guard let original = try object.intIfPresent("original_max_position_embeddings"), original > 0 else {
                throw object.error("llama3 RoPE scaling needs a positive integer original_max_position_embeddings")
            }
            return .llama3(factor: try number("factor"), lowFrequencyFactor: low, highFrequencyFactor: high,
                           originalContextLength: original)
        default:
            throw object.error("RoPE type '\(type)' is not supported (supported: default, linear, llama3)")
        }
    }
}
