/// A weight of a decoder-only transformer by its role; each checkpoint format names it its own way.
enum ModelTensor: Hashable, Sendable {
    case tokenEmbedding
    case outputNorm
    /// The LM head.
    case output
    /// Llama 3's per-pair RoPE frequency divisors (GGUF only).
    case ropeFrequencies
    case layer(Int, LayerTensor)

    /// RMSNorm weights (Gemma's Hugging Face checkpoints store them as w for a (1 + w) norm).
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

    var isNorm: Bool {
        switch self {
        case .attentionNorm, .queryNorm, .keyNorm, .postAttentionNorm, .feedForwardNorm, .postFeedForwardNorm: true
        default: false
        }
    }
}
