import Foundation

/// A closed-form start for fitting: the linear parts solved by ridge regression, then LN_out's affine
/// fitted per dimension, so gradient descent begins from a good link instead of a random one.
///
/// Inner link: proj2 (with proj1 at its random start) maps the GELU features onto t − x, since the
/// residual is the identity. Outer link: residual_proj maps x onto t, and proj2 starts at zero.
/// Either way LN_out then sees a row close to t, and its weight and bias are regressed per dimension
/// from the normalised rows onto t.
enum LinkLeastSquares {
    static func initialise(_ link: inout TrainableLink, on data: LinkTrainingSet, ridge: Double) throws {
        let (rows, din, dout) = (data.count, link.inputSize, link.outputSize)
        let slots = link.slots
        let features: [Float]
        let featureWidth: Int
        var residualTargets = data.targets
        if let w3 = slots.w3, let b3 = slots.b3 {
            features = data.inputs
            featureWidth = din
            let solution = try solve(features: features, width: featureWidth, targets: residualTargets, outputs: dout,
                                     rows: rows, ridge: ridge)
            link.parameters.replaceSubrange(w3..<(w3 + dout * din), with: solution.weights)
            link.parameters.replaceSubrange(b3..<(b3 + dout), with: solution.bias)
            for i in slots.w2..<(slots.w2 + dout * link.expandedSize) { link.parameters[i] = 0 }
            for i in slots.b2..<(slots.b2 + dout) { link.parameters[i] = 0 }
        } else {
            featureWidth = link.expandedSize
            features = data.inputs.withUnsafeBufferPointer { link.expandedFeatures($0.baseAddress!, rows: rows) }
            for i in residualTargets.indices { residualTargets[i] -= data.inputs[i] }
            let solution = try solve(features: features, width: featureWidth, targets: residualTargets, outputs: dout,
                                     rows: rows, ridge: ridge)
            link.parameters.replaceSubrange(slots.w2..<(slots.w2 + dout * featureWidth), with: solution.weights)
            link.parameters.replaceSubrange(slots.b2..<(slots.b2 + dout), with: solution.bias)
        }
        fitOutputNorm(&link, on: data)
    }

    /// Ridge regression of `targets` ([rows, outputs]) on `features` ([rows, width]) plus a constant,
    /// with λ = ridge · mean diagonal of the Gram matrix. Weights come back [outputs, width] (Linear layout).
    static func solve(features: [Float], width p: Int, targets: [Float], outputs q: Int, rows n: Int,
                      ridge: Double) throws -> (weights: [Float], bias: [Float]) {
        // Centre features and targets, so the bias is the means' difference and needs no column of ones.
        let featureMeans = columnMeans(features, rows: n, columns: p)
        let targetMeans = columnMeans(targets, rows: n, columns: q)
        var centredFeatures = features, centredTargets = targets
        for r in 0..<n {
            for j in 0..<p { centredFeatures[r * p + j] -= featureMeans[j] }
            for j in 0..<q { centredTargets[r * q + j] -= targetMeans[j] }
        }
        var gram = [Float](repeating: 0, count: p * p)
        var cross = [Float](repeating: 0, count: p * q)
        centredFeatures.withUnsafeBufferPointer { f in
            DenseMatrix.multiply(f.baseAddress!, transposeA: true, f.baseAddress!, into: &gram, m: p, n: p, k: n)
            centredTargets.withUnsafeBufferPointer { t in
                DenseMatrix.multiply(f.baseAddress!, transposeA: true, t.baseAddress!, into: &cross, m: p, n: q, k: n)
            }
        }
        var system = gram.map(Double.init)
        let meanDiagonal = (0..<p).reduce(0.0) { $0 + system[$1 * p + $1] } / Double(p)
        let lambda = max(ridge * meanDiagonal, 1e-12)
        for i in 0..<p { system[i * p + i] += lambda }
        let solution = try CholeskySolver(matrix: system, size: p).solve(cross.map(Double.init), columns: q)
        var weights = [Float](repeating: 0, count: q * p)
        var bias = targetMeans
        for i in 0..<p {
            for j in 0..<q {
                let w = Float(solution[i * q + j])
                weights[j * p + i] = w
                bias[j] -= w * featureMeans[i]
            }
        }
        return (weights, bias)
    }

    /// LN_out's weight and bias by least squares per output dimension: t_j ≈ w_j · ŝ_j + b_j.
    static func fitOutputNorm(_ link: inout TrainableLink, on data: LinkTrainingSet) {
        let (rows, dout) = (data.count, link.outputSize)
        let sums = data.inputs.withUnsafeBufferPointer { link.preNormOutputs($0.baseAddress!, rows: rows) }
        var normalised = [Float](repeating: 0, count: rows * dout)
        var deviations = [Float](repeating: 0, count: rows)
        sums.withUnsafeBufferPointer { LinkPass.normalise($0.baseAddress!, rows: rows, size: dout, into: &normalised,
                                                          inverseDeviations: &deviations) }
        for j in 0..<dout {
            var (sx, sy, sxx, sxy) = (0.0, 0.0, 0.0, 0.0)
            for r in 0..<rows {
                let (x, y) = (Double(normalised[r * dout + j]), Double(data.targets[r * dout + j]))
                sx += x; sy += y; sxx += x * x; sxy += x * y
            }
            let n = Double(rows)
            let variance = sxx / n - (sx / n) * (sx / n)
            let weight = variance > 1e-12 ? (sxy / n - sx / n * sy / n) / variance : 0
            link.parameters[link.slots.normOutWeight + j] = Float(weight)
            link.parameters[link.slots.normOutBias + j] = Float(sy / n - weight * sx / n)
        }
    }

    static func columnMeans(_ values: [Float], rows: Int, columns: Int) -> [Float] {
        var sums = [Double](repeating: 0, count: columns)
        for r in 0..<rows { for j in 0..<columns { sums[j] += Double(values[r * columns + j]) } }
        return sums.map { Float($0 / Double(max(rows, 1))) }
    }
}

/// Solves A·X = B for a symmetric positive definite A (row-major n × n) by Cholesky, A = L·Lᵀ.
struct CholeskySolver {
    let lower: [Double]
    let size: Int

    init(matrix: [Double], size n: Int) throws {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { throw LinkError("least-squares system is not positive definite (row \(i))") }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        lower = l
        size = n
    }

    /// X for B given row-major n × columns.
    func solve(_ b: [Double], columns q: Int) -> [Double] {
        let n = size
        var y = b
        for i in 0..<n {  // L·Y = B
            for k in 0..<i {
                let factor = lower[i * n + k]
                if factor != 0 { for c in 0..<q { y[i * q + c] -= factor * y[k * q + c] } }
            }
            let pivot = lower[i * n + i]
            for c in 0..<q { y[i * q + c] /= pivot }
        }
        for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ·X = Y
            for k in (i + 1)..<n {
                let factor = lower[k * n + i]
                if factor != 0 { for c in 0..<q { y[i * q + c] -= factor * y[k * q + c] } }
            }
            let pivot = lower[i * n + i]
            for c in 0..<q { y[i * q + c] /= pivot }
        }
        return y
    }
}
