import CKernels
import Foundation

/// Whose arithmetic the forward pass follows where its references round differently.
public enum ForwardNumerics: Sendable, Equatable {
    /// PyTorch in float32 (the reference of Hugging Face checkpoints).
    case float32
    /// llama.cpp on the CPU (the reference of GGUF files).
    case llamaCpp

    var arithmetic: any ForwardArithmetic {
        switch self {
        case .float32: Float32Arithmetic()
        case .llamaCpp: LlamaCppArithmetic()
        }
    }
}

/// What the forward pass computes differently to follow one reference's rounding, chosen once per model
/// from `TransformerConfig.numerics`. Everything else in the layer blocks is shared.
protocol ForwardArithmetic: Sendable {
    /// Whether the KV cache holds keys and values as f16.
    var cachesHalves: Bool { get }
    func rotaryEmbedding(dimensions: Int, base: Float, layout: RoPELayout, frequencyFactors: [Double]?) -> any PositionRotation
    /// Readies `count` rows of queries (after RoPE) for `attend`.
    func prepareQueries(_ queries: UnsafeMutablePointer<Float>, count: Int, config: TransformerConfig)
    /// The attention output of query head `head` at `position` over cached positions `first ... position`
    /// (`Attention.attend` says what each argument holds).
    func attend(query: UnsafePointer<Float>, keys: UnsafeRawPointer, values: UnsafeRawPointer, head: Int, position: Int,
                first: Int, batched: Bool, config: TransformerConfig, scores: UnsafeMutablePointer<Float>,
                lanes: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>)
    /// gate ← act(gate) ⊙ up, with GELU-tanh or SiLU.
    func gatedActivation(gelu: Bool, gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int)
}

/// PyTorch's float32: f32 keys and values, exact RoPE angles, softmax summed in f64.
struct Float32Arithmetic: ForwardArithmetic {
    var cachesHalves: Bool { false }

    func rotaryEmbedding(dimensions: Int, base: Float, layout: RoPELayout, frequencyFactors: [Double]?) -> any PositionRotation {
        RotaryEmbedding(dimensions: dimensions, base: Double(base), layout: layout, frequencyFactors: frequencyFactors)
    }

    func prepareQueries(_ queries: UnsafeMutablePointer<Float>, count: Int, config: TransformerConfig) {}

    func attend(query: UnsafePointer<Float>, keys: UnsafeRawPointer, values: UnsafeRawPointer, head: Int, position: Int,
                first: Int, batched: Bool, config: TransformerConfig, scores: UnsafeMutablePointer<Float>,
                lanes: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        Attention.attendFloat32(query: query, keys: keys.assumingMemoryBound(to: Float.self),
                                values: values.assumingMemoryBound(to: Float.self), head: head, position: position,
                                first: first, config: config, scores: scores, output: output)
    }

    func gatedActivation(gelu: Bool, gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        if gelu {
            Activation.geluTanhGated(gate: gate, up: up, into: gate, count: count)
        } else {
            Activation.siluGated(gate: gate, up: up, into: gate, count: count)
        }
    }
}

/// llama.cpp on the CPU, bit for bit where its order is known: f16 keys, values and queries (its default f16
/// KV cache makes both attention products f16 × f16) summed in its lanes, ggml's exp in softmax and SiLU, RoPE
/// angles as ggml forms them in f32 with its fused rotation, GELU read from ggml's f16 table.
struct LlamaCppArithmetic: ForwardArithmetic {
    var cachesHalves: Bool { true }

    func rotaryEmbedding(dimensions: Int, base: Float, layout: RoPELayout, frequencyFactors: [Double]?) -> any PositionRotation {
        LlamaCppRotaryEmbedding(dimensions: dimensions, base: base, layout: layout, frequencyFactors: frequencyFactors)
    }

    func prepareQueries(_ queries: UnsafeMutablePointer<Float>, count: Int, config: TransformerConfig) {
        let width = count * config.headCount * config.headDim
        // Gemma's graph scales the queries before they are rounded; the others scale the scores.
        if config.scalesQueries { Vector.scale(queries, by: config.attentionScale, count: width) }
        HalfPrecision.roundToHalves(queries, count: width)
    }

    func attend(query: UnsafePointer<Float>, keys: UnsafeRawPointer, values: UnsafeRawPointer, head: Int, position: Int,
                first: Int, batched: Bool, config: TransformerConfig, scores: UnsafeMutablePointer<Float>,
                lanes: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let d = config.headDim, rowWidth = config.kvHeadCount * d
        let kvOffset = head / (config.headCount / config.kvHeadCount) * d
        ck_attend_head(KernelInstructionSet.best.isa, query + head * d,
                       keys.assumingMemoryBound(to: UInt16.self) + kvOffset,
                       values.assumingMemoryBound(to: UInt16.self) + kvOffset, rowWidth, Int64(d), Int64(first),
                       Int64(position), config.scalesQueries ? 1 : config.attentionScale, batched ? 1 : 0, scores, lanes,
                       output + head * d)
    }

    func gatedActivation(gelu: Bool, gate: UnsafeMutablePointer<Float>, up: UnsafePointer<Float>, count: Int) {
        if gelu {
            Activation.geluTanhGatedThroughHalfTable(gate: gate, up: up, into: gate, count: count)
        } else {
            ck_silu_gated(KernelInstructionSet.best.isa, gate, up, gate, Int64(count))
        }
    }
}
