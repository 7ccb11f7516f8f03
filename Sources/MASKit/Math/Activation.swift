import Foundation

/// Activation functions and softmax, in place or into `out` (which may alias the input).
public enum Activation {
    /// out = x · sigmoid(x)
    public static func silu(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        map(x, into: out, count: count) { v in v / (1 + fastExp(-v)) }
    }

    /// out = 1 / (1 + e^−x)
    public static func sigmoid(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        map(x, into: out, count: count) { v in 1 / (1 + fastExp(-v)) }
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
    /// gelu_tanh(gate) · up with gelu read from ggml's table, as llama.cpp computes it: the gate rounded
    /// to f16 indexes f16(gelu(x)) (f32 tanh formula); gates ≤ −10 give 0 and gates ≥ 10 pass unchanged.
    public static func geluTanhGatedThroughHalfTable(gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                                                     into out: UnsafeMutablePointer<Float>, count: Int) {
        let table = halfGELUTable
        for i in 0..<count {
            let x = gate[i]
            let g: Float = x <= -10 ? 0 : x >= 10 ? x : table[Int(Float16(x).bitPattern)]
            out[i] = g * up[i]
        }
    }

    nonisolated(unsafe) private static let halfGELUTable: UnsafePointer<Float> = {
        let values = UnsafeMutablePointer<Float>.allocate(capacity: 65536)
        for bits in 0..<65536 {
            let x = HalfPrecision.float(fromHalf: UInt16(bits))
            // llama.cpp's build fuses 1 + (0.044715·x)·x.
            let inner: Float = 0.797_884_56 * x * Float(1).addingProduct(0.044_715 * x, x)
            values[bits] = Float(Float16(0.5 * x * (1 + tanhf(inner))))
        }
        return UnsafePointer(values)
    }()

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
