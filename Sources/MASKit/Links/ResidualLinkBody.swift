import Foundation

/// The computation both RecursiveLinks share (spec §1.1–1.2):
/// y = LN_out(W2·GELU(W1·LN_in(x) + b1) + b2 + residual(x)), where residual is the identity
/// (inner link) or a Linear projection (outer link). GELU is the exact erf form.
struct ResidualLinkBody: Sendable {
    let inputNorm: LinkLayerNorm
    let expand: LinkLinear
    let contract: LinkLinear
    let residual: LinkLinear?
    let outputNorm: LinkLayerNorm

    var inputSize: Int { inputNorm.size }
    var outputSize: Int { outputNorm.size }

    /// `rows` vectors of `inputSize` in, `rows` vectors of `outputSize` out.
    func forward(_ x: [Float], rows: Int) -> [Float] {
        var normalised = x
        inputNorm.apply(to: &normalised, rows: rows)
        var hidden = [Float](repeating: 0, count: rows * expand.outputSize)
        expand.accumulate(normalised, rows: rows, into: &hidden)
        for i in hidden.indices {
            let u = hidden[i]
            hidden[i] = 0.5 * u * (1 + erf(u * Float(0.5).squareRoot()))
        }
        var output: [Float]
        if let residual {
            output = [Float](repeating: 0, count: rows * outputSize)
            residual.accumulate(x, rows: rows, into: &output)
        } else {
            output = x
        }
        contract.accumulate(hidden, rows: rows, into: &output)
        outputNorm.apply(to: &output, rows: rows)
        return output
    }

    /// Checks a batch's size before `forward`; returns the number of rows.
    func rowCount(of x: [Float]) throws -> Int {
        guard !x.isEmpty, x.count.isMultiple(of: inputSize) else {
            throw LinkError("link input has \(x.count) values, not a whole number of \(inputSize)-vectors")
        }
        return x.count / inputSize
    }
}
