/// Whose arithmetic the forward pass follows where its references round differently.
public enum ForwardNumerics: Sendable, Equatable {
    /// PyTorch in float32 (the reference of Hugging Face checkpoints): f32 everywhere outside the weights.
    case float32
    /// llama.cpp on the CPU (the reference of GGUF files), bit for bit where its order is known: keys,
    /// values, queries and attention probabilities rounded to f16 (its default f16 KV cache makes both
    /// attention products f16 × f16) and summed in its lanes, ggml's exp in softmax and SiLU, RoPE angles
    /// as ggml forms them in f32 with its fused rotation, and GELU read from ggml's f16 table.
    case llamaCpp
}
