import Foundation

/// Gated DeltaNet linear attention (Qwen3.5): a causal depthwise convolution over the projected q, k and v
/// channels, then per value head a delta-rule update of a keyHeadDim × valueHeadDim state matrix S:
/// S ← e^g·S; S ← S + k ⊗ β(v − Sᵀk); o = Sᵀq, with L2-normalised q and k; the output is RMS-normalised
/// and gated by silu(z). Runs the recurrence position by position, in prefill too: the same result as the
/// chunked form of the reference, and the state it leaves is what the next call continues from.
struct DeltaNetBlock: TokenMixer, @unchecked Sendable {
    let slot: Int
    let shape: DeltaNetShape
    let qkv, outputGate, beta, decay, output: QuantizedMatrix
    /// channels × width, the last column weighing the current position.
    let convolution: [Float]
    /// exp(A_log): the decay rate per value head.
    let decayRate: [Float]
    let timeStepBias: [Float]
    let norm: [Float]
    let normEpsilon: Float

    init(reader: LayerReader, shape n: DeltaNetShape, hiddenSize h: Int, slot: Int, normEpsilon: Float) throws {
        self.slot = slot
        shape = n
        qkv = try reader.matrix(.deltaQKV, n.channels, h)
        outputGate = try reader.matrix(.deltaOutputGate, n.valueWidth, h)
        beta = try reader.matrix(.deltaBeta, n.valueHeads, h)
        decay = try reader.matrix(.deltaDecay, n.valueHeads, h)
        output = try reader.matrix(.deltaOutput, h, n.valueWidth)
        let kernel = try reader.matrix(.deltaConvolution, n.channels, n.convolutionWidth)
        convolution = (0..<n.channels).flatMap(kernel.rowArray)
        decayRate = try reader.vector(.deltaDecayLog, n.valueHeads).map { expf($0) }
        timeStepBias = try reader.vector(.deltaTimeStepBias, n.valueHeads)
        norm = try reader.vector(.deltaNorm, n.valueHeadDim)
        self.normEpsilon = normEpsilon
    }

    func mix(_ pass: ForwardPass) {
        let n = shape, s = pass.scratch, count = pass.count
        let d = s.deltaNet!
        QuantizedMatrix.matmul([ProductPart(matrix: qkv, output: d.projected),
                                ProductPart(matrix: outputGate, output: d.outputGate),
                                ProductPart(matrix: beta, output: d.beta),
                                ProductPart(matrix: decay, output: d.decay)],
                               x: s.normed, count: count, pool: pass.pool)
        pass.state.deltaNet[slot].withBuffers { window, matrices in
            convolve(d.projected, count: count, window: window, into: d.mixed)
            prepare(d, count: count)
            let group = n.valueHeads / n.keyHeads
            let dk = n.keyHeadDim, dv = n.valueHeadDim
            pass.pool.parallelFor(taskCount: n.valueHeads) { head, _ in
                let key = head / group
                let state = matrices + head * dk * dv
                withUnsafeTemporaryAllocation(of: Float.self, capacity: dv) { buffer in
                    let delta = buffer.baseAddress!
                    for t in 0..<count {
                        let row = d.mixed + t * n.channels
                        let q = row + key * dk, k = row + n.keyWidth + key * dk
                        let v = row + 2 * n.keyWidth + head * dv
                        let out = d.core + t * n.valueWidth + head * dv
                        update(state, q: q, k: k, v: v, decay: d.decay[t * n.valueHeads + head],
                               beta: d.beta[t * n.valueHeads + head], delta: delta, out: out)
                        Normalization.rmsNorm(out, weight: norm, epsilon: normEpsilon, into: out, count: dv)
                        let z = d.outputGate + t * n.valueWidth + head * dv
                        Activation.silu(z, into: z, count: dv)
                        Vector.multiply(out, z, into: out, count: dv)
                    }
                }
            }
        }
        output.matmul(d.core, count: count, into: s.blockOutput, pool: pass.pool)
    }

    /// One position of one head: S ← e^g·S; δ = β(v − Sᵀk); S ← S + k ⊗ δ; out = Sᵀq.
    private func update(_ state: UnsafeMutablePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>,
                        v: UnsafePointer<Float>, decay: Float, beta: Float, delta: UnsafeMutablePointer<Float>,
                        out: UnsafeMutablePointer<Float>) {
        let dk = shape.keyHeadDim, dv = shape.valueHeadDim
        delta.initialize(repeating: 0, count: dv)
        for i in 0..<dk {
            let row = state + i * dv
            Vector.scale(row, by: decay, count: dv)
            Vector.axpy(k[i], row, delta, count: dv)
        }
        for e in 0..<dv { delta[e] = (v[e] - delta[e]) * beta }
        out.initialize(repeating: 0, count: dv)
        for i in 0..<dk {
            let row = state + i * dv
            Vector.axpy(k[i], delta, row, count: dv)
            Vector.axpy(q[i], row, out, count: dv)
        }
    }

    /// silu of the causal convolution of `count` projected rows, continuing after the `width − 1` rows the
    /// window holds (oldest first); the window then holds the last `width − 1` rows.
    private func convolve(_ rows: UnsafePointer<Float>, count: Int, window: UnsafeMutablePointer<Float>,
                          into out: UnsafeMutablePointer<Float>) {
        let channels = shape.channels, width = shape.convolutionWidth, held = width - 1
        convolution.withUnsafeBufferPointer { weights in
            for t in 0..<count {
                let target = out + t * channels
                for c in 0..<channels {
                    var sum: Float = 0
                    for j in 0..<width {
                        // Input position t − held + j: from the window before the call's first row.
                        let u = t - held + j
                        let x = u >= 0 ? rows[u * channels + c] : window[(held + u) * channels + c]
                        sum += weights[c * width + j] * x
                    }
                    target[c] = sum
                }
            }
        }
        Activation.silu(out, into: out, count: count * channels)
        guard held > 0 else { return }
        let kept = min(held, count)
        // Shift out what the new rows replace, then append the newest rows.
        memmove(window, window + kept * channels, (held - kept) * channels * MemoryLayout<Float>.stride)
        (window + (held - kept) * channels).update(from: rows + (count - kept) * channels, count: kept * channels)
    }

    /// L2-normalised q (scaled by 1/√dk) and k per key head; β = sigmoid(b); the decay e^g with
    /// g = −exp(A_log)·softplus(a + dt_bias).
    private func prepare(_ d: DeltaNetScratch, count: Int) {
        let n = shape, dk = n.keyHeadDim
        let scale = 1 / Float(dk).squareRoot()
        for t in 0..<count {
            let row = d.mixed + t * n.channels
            for head in 0..<2 * n.keyHeads {
                let x = row + head * dk
                let inverse = 1 / (Vector.dot(x, x, count: dk) + 1e-6).squareRoot()
                Vector.scale(x, by: head < n.keyHeads ? inverse * scale : inverse, count: dk)
            }
            for head in 0..<n.valueHeads {
                let i = t * n.valueHeads + head
                d.beta[i] = 1 / (1 + expf(-d.beta[i]))
                let a = d.decay[i] + timeStepBias[head]
                let softplus = a > 20 ? a : log1pf(expf(a))
                d.decay[i] = expf(-decayRate[head] * softplus)
            }
        }
    }
}
