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

/// Rotary position embedding: pair i of the first `dimensions` dimensions of every head is rotated by an
/// angle growing with the position. Two arithmetics: `RotaryEmbedding` (exact angles, PyTorch's float32
/// reference) and `LlamaCppRotaryEmbedding` (ggml's f32 angles and fused rotation).
protocol PositionRotation: Sendable {
    var dimensions: Int { get }
    func angles(at position: Int) -> RotaryAngles
    /// Rotates `heads` consecutive heads of `headDimension` values in place (`dimensions` ≤ headDimension;
    /// the dimensions past `dimensions` are left as they are).
    func apply(_ angles: RotaryAngles, to x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int)
}

extension PositionRotation {
    /// Calls `rotate(head, ia, ib, i)` for every rotated pair (ia, ib) of every head, i indexing the angles.
    @inline(__always)
    func forEachPair(layout: RoPELayout, heads: Int, headDimension: Int, _ rotate: (Int, Int, Int, Int) -> Void) {
        let pairs = dimensions / 2
        for h in 0..<heads {
            for i in 0..<pairs {
                let (ia, ib) = layout == .normal ? (2 * i, 2 * i + 1) : (i, i + pairs)
                rotate(h * headDimension, ia, ib, i)
            }
        }
    }
}

/// Pair i turns by position · scale · inverseFrequencies[i], the angle computed in f64.
public struct RotaryEmbedding: PositionRotation {
    public let dimensions: Int
    public let layout: RoPELayout
    public let inverseFrequencies: [Double]
    public let positionScale: Double

    /// The standard frequencies base^(−2i/dimensions), each divided by `frequencyFactors[i]` when given
    /// (llama 3's scaling). `positionScale` is linear position interpolation (ggml's freq_scale).
    public init(dimensions: Int, base: Double, layout: RoPELayout, positionScale: Double = 1,
                frequencyFactors: [Double]? = nil) {
        self.dimensions = dimensions / 2 * 2
        self.layout = layout
        self.positionScale = positionScale
        inverseFrequencies = (0..<dimensions / 2).map { i in
            1 / Foundation.pow(base, Double(2 * i) / Double(dimensions)) / (frequencyFactors?[i] ?? 1)
        }
    }

    public func angles(at position: Int) -> RotaryAngles {
        let p = Double(position) * positionScale
        let theta = inverseFrequencies.map { p * $0 }
        return RotaryAngles(cos: theta.map { Float(Foundation.cos($0)) }, sin: theta.map { Float(Foundation.sin($0)) })
    }

    public func apply(_ angles: RotaryAngles, to x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int) {
        forEachPair(layout: layout, heads: heads, headDimension: headDimension) { head, ia, ib, i in
            let a = x[head + ia], b = x[head + ib]
            x[head + ia] = a * angles.cos[i] - b * angles.sin[i]
            x[head + ib] = a * angles.sin[i] + b * angles.cos[i]
        }
    }
}

/// The angles as llama.cpp (ggml) forms them, all in f32: θ_i = position · s^i / factor_i with
/// s = base^(−2/d), the power built by one multiplication per pair. Its rounding drifts from the exact
/// angle (by about 1e-4 rad at position 100), enough to move greedy choices near ties.
struct LlamaCppRotaryEmbedding: PositionRotation {
    let dimensions: Int
    let layout: RoPELayout
    let scale: Float
    let factors: [Float]

    init(dimensions: Int, base: Float, layout: RoPELayout, frequencyFactors: [Double]? = nil) {
        self.dimensions = dimensions / 2 * 2
        self.layout = layout
        scale = Foundation.pow(base, -2 / Float(dimensions))
        factors = frequencyFactors.map { $0.map(Float.init) } ?? Array(repeating: 1, count: dimensions / 2)
    }

    func angles(at position: Int) -> RotaryAngles {
        var cos: [Float] = [], sin: [Float] = []
        var theta = Float(position)
        for factor in factors {
            cos.append(Foundation.cos(theta / factor))
            sin.append(Foundation.sin(theta / factor))
            theta *= scale
        }
        return RotaryAngles(cos: cos, sin: sin)
    }

    func apply(_ angles: RotaryAngles, to x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int) {
        forEachPair(layout: layout, heads: heads, headDimension: headDimension) { head, ia, ib, i in
            let a = x[head + ia], b = x[head + ib]
            // llama.cpp's build fuses one product of each rotated value into the sum.
            x[head + ia] = (-(b * angles.sin[i])).addingProduct(a, angles.cos[i])
            x[head + ib] = (b * angles.cos[i]).addingProduct(a, angles.sin[i])
        }
    }
}
