/// RMSNorm and LayerNorm over one vector; `out` may alias `x`.
public enum Normalization {
    /// out = x / √(mean(x²) + ε) ⊙ w, or ⊙ (1 + w) when `weightOffset` is 1 (Gemma's convention).
    /// Without a weight the normalised vector is written as is. The squares are summed in f64, in order,
    /// and the mean rounded to f32, which is llama.cpp's arithmetic (and closer to exact than f32 sums).
    public static func rmsNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?, weightOffset: Float = 0,
                               epsilon: Float, into out: UnsafeMutablePointer<Float>, count: Int) {
        var sum: Double = 0
        for i in 0..<count { sum += Double(x[i] * x[i]) }
        let meanSquare = Float(sum / Double(count))
        let factor = 1 / (meanSquare + epsilon).squareRoot()
        scaleAndWeigh(x, factor: factor, shift: 0, weight: weight, weightOffset: weightOffset, bias: nil,
                      into: out, count: count)
    }

    /// out = (x − mean) / √(var + ε) ⊙ w + b (population variance).
    public static func layerNorm(_ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?,
                                 bias: UnsafePointer<Float>?, epsilon: Float,
                                 into out: UnsafeMutablePointer<Float>, count: Int) {
        let mean = Vector.sum(x, count: count) / Float(count)
        var variance: Float = 0
        for i in 0..<count { let d = x[i] - mean; variance += d * d }
        variance /= Float(count)
        let factor = 1 / (variance + epsilon).squareRoot()
        scaleAndWeigh(x, factor: factor, shift: mean, weight: weight, weightOffset: 0, bias: bias,
                      into: out, count: count)
    }

    @inline(__always)
    private static func scaleAndWeigh(_ x: UnsafePointer<Float>, factor: Float, shift: Float,
                                      weight: UnsafePointer<Float>?, weightOffset: Float,
                                      bias: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>,
                                      count: Int) {
        for i in 0..<count {
            var v = (x[i] - shift) * factor
            if let weight { v *= weight[i] + weightOffset }
            if let bias { v += bias[i] }
            out[i] = v
        }
    }
}
