import Foundation

/// Which dimensions of a head RoPE rotates together.
public enum RoPELayout: Sendable {
    /// Adjacent pairs (x[2i], x[2i+1]): ggml's "normal" mode (Llama GGUF files).
    case normal
    /// Split halves (x[i], x[i + n/2]) of the rotated dimensions: ggml's "neox" mode (Hugging Face layout,
    /// Qwen, Gemma).
    case neox
}

/// cos and sin of the rotation angles of one position, one per rotated pair.
public struct RotaryAngles: Sendable {
    public let cos: [Float]
    public let sin: [Float]
}

/// Rotary position embedding: pair i of the first `dimensions` dimensions of every head is rotated by
/// position · scale · inverseFrequencies[i]. Angles are computed in f64.
public struct RotaryEmbedding: Sendable {
    public let dimensions: Int
    public let layout: RoPELayout
    public let inverseFrequencies: [Double]
    public let positionScale: Double

    /// The standard frequencies base^(−2i/dimensions), each divided by `frequencyFactors[i]` when given
    /// (llama 3's rope_freqs). `positionScale` is linear position interpolation (ggml's freq_scale).
    public init(dimensions: Int, base: Double, layout: RoPELayout, positionScale: Double = 1,
                frequencyFactors: [Double]? = nil) {
        let pairs = dimensions / 2
        let frequencies = (0..<pairs).map { i in
            1 / Foundation.pow(base, Double(2 * i) / Double(dimensions)) / (frequencyFactors?[i] ?? 1)
        }
        self.init(inverseFrequencies: frequencies, layout: layout, positionScale: positionScale)
    }

    public init(inverseFrequencies: [Double], layout: RoPELayout, positionScale: Double = 1) {
        self.dimensions = 2 * inverseFrequencies.count
        self.layout = layout
        self.inverseFrequencies = inverseFrequencies
        self.positionScale = positionScale
        f32Recurrence = nil
    }

    /// The angles as llama.cpp (ggml) forms them, all in f32: θ_i = position · s^i / factor_i with
    /// s = base^(−2/d), the power built by one multiplication per pair. Its rounding drifts from the exact
    /// angle (by about 1e-4 rad at position 100), enough to move greedy choices near ties.
    public static func llamaCpp(dimensions: Int, base: Float, layout: RoPELayout,
                                frequencyFactors: [Double]? = nil) -> RotaryEmbedding {
        var rope = RotaryEmbedding(dimensions: dimensions, base: Double(base), layout: layout,
                                   frequencyFactors: frequencyFactors)
        let factors = frequencyFactors.map { $0.map(Float.init) } ?? Array(repeating: 1, count: dimensions / 2)
        rope.f32Recurrence = (scale: Foundation.pow(base, -2 / Float(dimensions)), factors: factors)
        return rope
    }

    /// Set for llama.cpp's angles: the per-pair factor s and the frequency factors.
    private var f32Recurrence: (scale: Float, factors: [Float])?

    public func angles(at position: Int) -> RotaryAngles {
        if let f32Recurrence {
            var cos: [Float] = [], sin: [Float] = []
            var theta = Float(position)
            for factor in f32Recurrence.factors {
                cos.append(Foundation.cos(theta / factor))
                sin.append(Foundation.sin(theta / factor))
                theta *= f32Recurrence.scale
            }
            return RotaryAngles(cos: cos, sin: sin)
        }
        let p = Double(position) * positionScale
        let theta = inverseFrequencies.map { p * $0 }
        return RotaryAngles(cos: theta.map { Float(Foundation.cos($0)) }, sin: theta.map { Float(Foundation.sin($0)) })
    }

    /// Rotates `heads` consecutive heads of `headDimension` values in place (`dimensions` ≤ headDimension;
    /// the dimensions past `dimensions` are left as they are).
    public func apply(_ angles: RotaryAngles, to x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int) {
        let pairs = dimensions / 2
        angles.cos.withUnsafeBufferPointer { cos in
            angles.sin.withUnsafeBufferPointer { sin in
                for h in 0..<heads {
                    let head = x + h * headDimension
                    for i in 0..<pairs {
                        let (ia, ib) = layout == .normal ? (2 * i, 2 * i + 1) : (i, i + pairs)
                        let a = head[ia], b = head[ib]
                        if f32Recurrence != nil {
                            // llama.cpp's build fuses one product of each rotated value into the sum.
                            head[ia] = (-(b * sin[i])).addingProduct(a, cos[i])
                            head[ib] = (b * cos[i]).addingProduct(a, sin[i])
                        } else {
                            head[ia] = a * cos[i] - b * sin[i]
                            head[ib] = a * sin[i] + b * cos[i]
                        }
                    }
                }
            }
        }
    }
}
