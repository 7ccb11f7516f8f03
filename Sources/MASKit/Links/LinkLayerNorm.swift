/// PyTorch's `LayerNorm(D)` with affine weight and bias: per row, (v − mean) / sqrt(biased variance + eps).
struct LinkLayerNorm: Sendable {
    static let epsilon: Double = 1e-5

    let weight: [Float]
    let bias: [Float]

    var size: Int { weight.count }

    /// Normalises each of the `rows` consecutive rows of `values` in place.
    func apply(to values: inout [Float], rows: Int) {
        let size = size
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let base = row * size
                var sum = 0.0
                for i in base..<(base + size) { sum += Double(buffer[i]) }
                let mean = sum / Double(size)
                var squares = 0.0
                for i in base..<(base + size) {
                    let centred = Double(buffer[i]) - mean
                    squares += centred * centred
                }
                let inverseDeviation = 1 / (squares / Double(size) + Self.epsilon).squareRoot()
                for i in 0..<size {
                    let normalised = Float((Double(buffer[base + i]) - mean) * inverseDeviation)
                    buffer[base + i] = normalised * weight[i] + bias[i]
                }
            }
        }
    }
}
