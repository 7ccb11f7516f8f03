import COpenBLAS

/// PyTorch's `Linear(in, out)`: y = x·Wᵀ + b with W stored [out, in] row-major.
struct LinkLinear: Sendable {
    let weight: [Float]
    let bias: [Float]
    let inputSize: Int

    var outputSize: Int { bias.count }

    /// Adds W·x + b to each of the `rows` output rows in `output` ([rows, out]); `input` is [rows, in].
    func accumulate(_ input: [Float], rows: Int, into output: inout [Float]) {
        let (m, n, k) = (Int32(rows), Int32(outputSize), Int32(inputSize))
        output.withUnsafeMutableBufferPointer { out in
            for row in 0..<rows {
                for j in 0..<outputSize { out[row * outputSize + j] += bias[j] }
            }
            if rows == 1 {
                cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, 1, weight, k, input, 1, 1, out.baseAddress, 1)
            } else {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, input, k, weight, k, 1, out.baseAddress, n)
            }
        }
    }
}
