import Foundation

/// A RecursiveLink as one flat parameter vector (released names, released order) with the mean-squared
/// error of its outputs against targets and that loss's exact gradient, for fitting.
///
/// The math is the links' (spec §1.1–1.2): a = LN_in(x); u = W1·a + b1; s = W2·GELU(u) + b2 + r(x),
/// with r(x) = x (inner) or W3·x + b3 (outer); y = LN_out(s). Loss = Σ (y − t)² / (rows · Dout).
public struct TrainableLink: Sendable {
    public let kind: RecursiveLink.Kind
    public let inputSize: Int
    public let outputSize: Int
    /// The width between proj1 and proj2: H for the inner link, 2·Dout for the outer link.
    public let expandedSize: Int
    /// The released parameter names and shapes, in the order they sit in `parameters`.
    public let shapes: [(name: String, shape: [Int])]
    /// Every parameter, concatenated in `shapes` order.
    public var parameters: [Float]
    let slots: Slots

    /// Rows per independent piece of a batch: the pieces run in parallel and are summed in order, so
    /// results never depend on the number of threads.
    static let chunkRows = 64

    public init(_ link: RecursiveLink) {
        kind = link.kind
        inputSize = link.inputSize
        outputSize = link.outputSize
        expandedSize = link.kind == .inner ? link.inputSize : 2 * link.outputSize
        let named = link.parameters
        shapes = named.map { ($0.name, $0.shape) }
        parameters = named.flatMap(\.values)
        var offsets: [String: Int] = [:]
        var offset = 0
        for tensor in named {
            offsets[tensor.name] = offset
            offset += tensor.values.count
        }
        slots = Slots(kind: link.kind, offsets: offsets)
    }

    /// The link these parameters make, under the released names.
    public func link() throws -> RecursiveLink {
        var values: [String: [Float]] = [:]
        var offset = 0
        for (name, shape) in shapes {
            let count = shape.reduce(1, *)
            values[name] = Array(parameters[offset..<(offset + count)])
            offset += count
        }
        switch kind {
        case .inner: return .inner(try InnerLink(hiddenSize: inputSize, parameters: values))
        case .outer: return .outer(try OuterLink(inputSize: inputSize, outputSize: outputSize, parameters: values))
        }
    }

    /// The loss over `rows` input rows ([rows, Din]) and target rows ([rows, Dout]), and its gradient
    /// with respect to `parameters`. Throws when the arrays do not hold `rows` rows.
    public func lossAndGradients(inputs: [Float], targets: [Float], rows: Int,
                                 pool: WorkerPool = .shared) throws -> (loss: Double, gradients: [Float]) {
        try checkRows(inputs: inputs, targets: targets, rows: rows)
        return inputs.withUnsafeBufferPointer { x in
            targets.withUnsafeBufferPointer { t in
                lossAndGradients(x.baseAddress!, t.baseAddress!, rows: rows, pool: pool)
            }
        }
    }

    func checkRows(inputs: [Float], targets: [Float], rows: Int) throws {
        guard rows > 0, inputs.count == rows * inputSize, targets.count == rows * outputSize else {
            throw LinkError("link fitting needs \(rows) rows of \(inputSize) inputs and \(outputSize) targets, "
                            + "got \(inputs.count) and \(targets.count) values")
        }
    }

    func lossAndGradients(_ x: UnsafePointer<Float>, _ t: UnsafePointer<Float>, rows: Int,
                          pool: WorkerPool) -> (loss: Double, gradients: [Float]) {
        let chunks = (rows + Self.chunkRows - 1) / Self.chunkRows
        let count = parameters.count
        let scale = Float(2) / Float(rows * outputSize)
        var gradients = [Float](repeating: 0, count: chunks * count)
        var losses = [Double](repeating: 0, count: chunks)
        parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                losses.withUnsafeMutableBufferPointer { losses in
                    let (g, losses) = (g.baseAddress!, losses.baseAddress!)
                    pool.parallelFor(taskCount: chunks) { chunk, _ in
                        let first = chunk * Self.chunkRows
                        let n = min(Self.chunkRows, rows - first)
                        var pass = LinkPass(link: self, rows: n)
                        pass.forward(p.baseAddress!, x + first * inputSize)
                        losses[chunk] = pass.backward(p.baseAddress!, targets: t + first * outputSize, scale: scale,
                                                      into: g + chunk * count)
                    }
                }
            }
        }
        var total = Array(gradients[0..<count])
        for chunk in 1..<max(chunks, 1) {
            gradients.withUnsafeBufferPointer { g in
                Vector.axpy(1, g.baseAddress! + chunk * count, &total, count: count)
            }
        }
        return (losses.reduce(0, +) / Double(rows * outputSize), total)
    }

    /// GELU(W1·LN_in(x) + b1) for every row: the features proj2 reads ([rows, expandedSize]).
    func expandedFeatures(_ x: UnsafePointer<Float>, rows: Int) -> [Float] {
        parameters.withUnsafeBufferPointer { p in
            var pass = LinkPass(link: self, rows: rows)
            pass.forward(p.baseAddress!, x)
            return pass.features
        }
    }

    /// s = W2·GELU(u) + b2 + r(x) for every row: what LN_out normalises ([rows, Dout]).
    func preNormOutputs(_ x: UnsafePointer<Float>, rows: Int) -> [Float] {
        parameters.withUnsafeBufferPointer { p in
            var pass = LinkPass(link: self, rows: rows)
            pass.forward(p.baseAddress!, x)
            return pass.sums
        }
    }
}

/// Where each parameter starts in the flat vector.
struct Slots: Sendable {
    let w1, b1, w2, b2: Int
    let normInWeight, normInBias, normOutWeight, normOutBias: Int
    /// The outer link's residual projection; nil for the inner link's identity residual.
    let w3, b3: Int?

    init(kind: RecursiveLink.Kind, offsets: [String: Int]) {
        let (normIn, normOut) = kind == .inner ? ("pre_ln", "post_ln") : ("ln_source", "ln_target")
        func at(_ name: String) -> Int { offsets[name] ?? 0 }
        w1 = at("proj1.weight"); b1 = at("proj1.bias"); w2 = at("proj2.weight"); b2 = at("proj2.bias")
        normInWeight = at("\(normIn).weight"); normInBias = at("\(normIn).bias")
        normOutWeight = at("\(normOut).weight"); normOutBias = at("\(normOut).bias")
        w3 = offsets["residual_proj.weight"]
        b3 = offsets["residual_proj.bias"]
    }
}

/// One forward and backward pass over a few rows, keeping what the backward pass needs.
struct LinkPass {
    let din: Int, dout: Int, width: Int, rows: Int
    let slots: Slots
    /// Inputs of this pass (kept for the residual projection's gradient).
    var inputs: UnsafePointer<Float>?
    /// LN_in(x) before its affine, and after.
    var normalisedInputs: [Float], normed: [Float]
    var inverseDeviationIn: [Float]
    /// u = W1·a + b1 and GELU(u).
    var expanded: [Float], features: [Float]
    /// s before LN_out, then ŝ = LN_out(s) before its affine.
    var sums: [Float], normalisedSums: [Float]
    var inverseDeviationOut: [Float]

    init(link: TrainableLink, rows: Int) {
        din = link.inputSize; dout = link.outputSize; width = link.expandedSize
        self.rows = rows
        slots = link.slots
        normalisedInputs = [Float](repeating: 0, count: rows * din)
        normed = normalisedInputs
        inverseDeviationIn = [Float](repeating: 0, count: rows)
        inverseDeviationOut = inverseDeviationIn
        expanded = [Float](repeating: 0, count: rows * width)
        features = expanded
        sums = [Float](repeating: 0, count: rows * dout)
        normalisedSums = sums
    }

    mutating func forward(_ p: UnsafePointer<Float>, _ x: UnsafePointer<Float>) {
        inputs = x
        let (rows, din, dout, width, slots) = (rows, din, dout, width, slots)
        Self.normalise(x, rows: rows, size: din, into: &normalisedInputs, inverseDeviations: &inverseDeviationIn)
        normalisedInputs.withUnsafeBufferPointer { xhat in
            normed.withUnsafeMutableBufferPointer { a in
                for r in 0..<rows {
                    for i in 0..<din {
                        a[r * din + i] = xhat[r * din + i] * p[slots.normInWeight + i] + p[slots.normInBias + i]
                    }
                }
            }
        }
        normed.withUnsafeBufferPointer { a in
            expanded.withUnsafeMutableBufferPointer { u in
                DenseMatrix.multiply(a.baseAddress!, p + slots.w1, transposeB: true, into: u.baseAddress!,
                                     m: rows, n: width, k: din)
                for r in 0..<rows { Vector.add(u.baseAddress! + r * width, p + slots.b1, into: u.baseAddress! + r * width, count: width) }
            }
        }
        expanded.withUnsafeBufferPointer { u in
            features.withUnsafeMutableBufferPointer { g in
                Activation.geluErf(u.baseAddress!, into: g.baseAddress!, count: rows * width)
            }
        }
        features.withUnsafeBufferPointer { g in
            sums.withUnsafeMutableBufferPointer { s in
                let s = s.baseAddress!
                if let w3 = slots.w3, let b3 = slots.b3 {
                    DenseMatrix.multiply(x, p + w3, transposeB: true, into: s, m: rows, n: dout, k: din)
                    for r in 0..<rows { Vector.add(s + r * dout, p + b3, into: s + r * dout, count: dout) }
                } else {
                    s.update(from: x, count: rows * dout)
                }
                DenseMatrix.multiply(g.baseAddress!, p + slots.w2, transposeB: true, into: s, m: rows, n: dout, k: width,
                                     accumulate: true)
                for r in 0..<rows { Vector.add(s + r * dout, p + slots.b2, into: s + r * dout, count: dout) }
            }
        }
        sums.withUnsafeBufferPointer { s in
            Self.normalise(s.baseAddress!, rows: rows, size: dout, into: &normalisedSums, inverseDeviations: &inverseDeviationOut)
        }
    }

    /// Accumulates scale/2 · ∂(Σ (y − t)²)/∂θ into `g` and returns Σ (y − t)² over this pass's rows.
    func backward(_ p: UnsafePointer<Float>, targets t: UnsafePointer<Float>, scale: Float,
                  into g: UnsafeMutablePointer<Float>) -> Double {
        let (rows, din, dout, width, slots) = (rows, din, dout, width, slots)
        var squares = 0.0
        var sumGradients = [Float](repeating: 0, count: rows * dout)
        normalisedSums.withUnsafeBufferPointer { shat in
            sumGradients.withUnsafeMutableBufferPointer { ds in
                var dshat = [Float](repeating: 0, count: dout)
                for r in 0..<rows {
                    var meanD = 0.0, meanDS = 0.0
                    for j in 0..<dout {
                        let h = shat[r * dout + j]
                        let difference = h * p[slots.normOutWeight + j] + p[slots.normOutBias + j] - t[r * dout + j]
                        squares += Double(difference) * Double(difference)
                        let dy = scale * difference
                        g[slots.normOutWeight + j] += dy * h
                        g[slots.normOutBias + j] += dy
                        dshat[j] = dy * p[slots.normOutWeight + j]
                        meanD += Double(dshat[j])
                        meanDS += Double(dshat[j] * h)
                    }
                    meanD /= Double(dout)
                    meanDS /= Double(dout)
                    let inverse = inverseDeviationOut[r]
                    for j in 0..<dout {
                        ds[r * dout + j] = inverse * (dshat[j] - Float(meanD) - shat[r * dout + j] * Float(meanDS))
                    }
                }
            }
        }
        var featureGradients = [Float](repeating: 0, count: rows * width)
        sumGradients.withUnsafeBufferPointer { ds in
            let ds = ds.baseAddress!
            for r in 0..<rows { Vector.add(g + slots.b2, ds + r * dout, into: g + slots.b2, count: dout) }
            features.withUnsafeBufferPointer { features in
                DenseMatrix.multiply(ds, transposeA: true, features.baseAddress!, into: g + slots.w2,
                                     m: dout, n: width, k: rows, accumulate: true)
            }
            if let w3 = slots.w3, let b3 = slots.b3, let x = inputs {
                for r in 0..<rows { Vector.add(g + b3, ds + r * dout, into: g + b3, count: dout) }
                DenseMatrix.multiply(ds, transposeA: true, x, into: g + w3, m: dout, n: din, k: rows, accumulate: true)
            }
            featureGradients.withUnsafeMutableBufferPointer { dg in
                DenseMatrix.multiply(ds, p + slots.w2, into: dg.baseAddress!, m: rows, n: width, k: dout)
            }
        }
        // du = dg ⊙ GELU'(u), GELU'(u) = Φ(u) + u·φ(u).
        expanded.withUnsafeBufferPointer { u in
            for i in 0..<(rows * width) {
                let v = u[i]
                let derivative = 0.5 * (1 + erf(v * 0.707_106_77)) + v * 0.398_942_28 * exp(-0.5 * v * v)
                featureGradients[i] *= derivative
            }
        }
        var normedGradients = [Float](repeating: 0, count: rows * din)
        featureGradients.withUnsafeBufferPointer { du in
            let du = du.baseAddress!
            for r in 0..<rows { Vector.add(g + slots.b1, du + r * width, into: g + slots.b1, count: width) }
            normed.withUnsafeBufferPointer { a in
                DenseMatrix.multiply(du, transposeA: true, a.baseAddress!, into: g + slots.w1, m: width, n: din, k: rows,
                                     accumulate: true)
            }
            normedGradients.withUnsafeMutableBufferPointer { da in
                DenseMatrix.multiply(du, p + slots.w1, into: da.baseAddress!, m: rows, n: din, k: width)
            }
        }
        for r in 0..<rows {
            for i in 0..<din {
                let da = normedGradients[r * din + i]
                g[slots.normInWeight + i] += da * normalisedInputs[r * din + i]
                g[slots.normInBias + i] += da
            }
        }
        return squares
    }

    /// PyTorch LayerNorm without its affine: (v − mean) / √(biased variance + 1e-5), per row.
    static func normalise(_ x: UnsafePointer<Float>, rows: Int, size: Int, into out: inout [Float],
                          inverseDeviations: inout [Float]) {
        for r in 0..<rows {
            let row = x + r * size
            var sum = 0.0
            for i in 0..<size { sum += Double(row[i]) }
            let mean = sum / Double(size)
            var squares = 0.0
            for i in 0..<size { let c = Double(row[i]) - mean; squares += c * c }
            let inverse = 1 / (squares / Double(size) + LinkLayerNorm.epsilon).squareRoot()
            inverseDeviations[r] = Float(inverse)
            for i in 0..<size { out[r * size + i] = Float((Double(row[i]) - mean) * inverse) }
        }
    }
}
