/// A weight of a decoder-only transformer by its role; each checkpoint format names it its own way.
enum ModelTensor: Hashable, Sendable {
    case tokenEmbedding
    case outputNorm
    /// The LM head.
    case output
    /// Llama 3's per-pair RoPE frequency divisors (GGUF only).
    case ropeFrequencies
    case layer(Int, LayerTensor)

    /// RMSNorm weights that Gemma's and Qwen3.5's Hugging Face checkpoints store as w for a (1 + w) norm.
    var isConvolution: Bool {
        if case .layer(_, .deltaConvolution) = self { true } else { false }
    }

    var isNorm: Bool {
        switch self {
        case .outputNorm: true
        case .layer(_, let part): part.isNorm
        default: false
        }
    }
}

enum LayerTensor: Hashable, Sendable {
    case attentionNorm, query, key, value, attentionOutput
    case queryBias, keyBias, valueBias, queryNorm, keyNorm, postAttentionNorm
    case feedForwardNorm, gate, up, down, postFeedForwardNorm
    // Gated DeltaNet
    case deltaQKV, deltaOutputGate, deltaBeta, deltaDecay, deltaConvolution, deltaTimeStepBias, deltaDecayLog
    /// The gated RMSNorm of the DeltaNet output, a plain w norm in every format.
    case deltaNorm
    case deltaOutput

    var isNorm: Bool {
        switch self {
        case .attentionNorm, .queryNorm, .keyNorm, .postAttentionNorm, .feedForwardNorm, .postFeedForwardNorm: true
        default: false
        }
    }
}
