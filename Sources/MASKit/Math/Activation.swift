import Foundation

/// Activation functions and softmax, in place or into `out` (which may alias the input).
public enum Activation {
    /// out = x · sigmoid(x)
    public static func silu(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        map(x, into: out, count: count) { v in v / (1 + fastExp(-v)) }
    }

    /// out = silu(gate) ⊙ up (the SwiGLU feed-forward of Llama-family models).
    public static func siluGated(gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                 into out: UnsafeMutablePointer<Float>, count: Int) {
        silu(gate, into: out, count: count)
        Vector.multiply(out, up, into: out, count: count)
    }

    /// GELU with the tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    public static func geluTanh(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        // 0.5·(1 + tanh(u)) = sigmoid(2u), which is exact and needs one exp.
        map(x, into: out, count: count) { v in
            let twoU = 1.595_769_1 * (v + 0.044_715 * v * v * v)
            return v / (1 + fastExp(-twoU))
        }
    }

    /// out = geluTanh(gate) ⊙ up (Gemma's GeGLU feed-forward).
    public static func geluTanhGated(gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                     into out: UnsafeMutablePointer<Float>, count: Int) {
        geluTanh(gate, into: out, count: count)
        Vector.multiply(out, up, into: out, count: count)
    }

    /// Exact GELU: 0.5·x·(1 + erf(x/√2)).
    public static func geluErf(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { out[i] = 0.5 * x[i] * (1 + erf(x[i] * 0.707_106_77)) }
    }

    /// Softmax in place: exp(x − max) / Σ. Entries of −∞ become 0.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        let m = Vector.maximum(x, count: count)
        let shifted = m.isFinite ? m : 0
        map(x, into: x, count: count) { v in fastExp(v - shifted) }
        let total = Vector.sum(x, count: count)
        Vector.scale(x, by: 1 / total, count: count)
    }

    @inline(__always)
    private static func map(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int,
                            _ f: (SIMD8<Float>) -> SIMD8<Float>) {
        var i = 0
        while i + 8 <= count { out.storeEight(f(x.eight(i)), at: i); i += 8 }
        if i < count {
            var tail = SIMD8<Float>()
            for j in i..<count { tail[j - i] = x[j] }
            let r = f(tail)
            for j in i..<count { out[j] = r[j - i] }
        }
    }
}
