/// Causal self-attention over the KV cache: full, or through a sliding window; with the optional parts of
/// the families (q/k/v biases, per-head q/k norms, Qwen3.5's sigmoid output gate).
struct AttentionBlock: TokenMixer, @unchecked Sendable {
    let layer: Int
    let query, key, value, output: QuantizedMatrix
    let queryBias, keyBias, valueBias: [Float]?
    let queryNorm, keyNorm: [Float]?
    /// The query projection also yields a gate per query value (per head: headDim query values, then headDim
    /// gate values); the attention output is multiplied by sigmoid(gate).
    let gatesOutput: Bool
    /// Positions attended back from each query (nil: all).
    let window: Int?
    let rope: any PositionRotation
    /// Whether the rotation uses the local (sliding) layers' angles.
    let rotatesLocally: Bool

    func mix(_ pass: ForwardPass) {
        let c = pass.config, s = pass.scratch, count = pass.count, start = pass.start
        let qWidth = c.headCount * c.headDim, kvWidth = c.kvHeadCount * c.headDim
        QuantizedMatrix.matmul([ProductPart(matrix: query, output: gatesOutput ? s.wideQuery : s.query),
                                ProductPart(matrix: key, output: s.key),
                                ProductPart(matrix: value, output: s.value)],
                               x: s.normed, count: count, pool: pass.pool)
        if gatesOutput { splitQueryAndGate(count: count, config: c, scratch: s) }
        let angles = rotatesLocally ? pass.localAngles : pass.globalAngles
        for i in 0..<count {
            let q = s.query + i * qWidth, k = s.key + i * kvWidth, v = s.value + i * kvWidth
            add(queryBias, to: q, count: qWidth)
            add(keyBias, to: k, count: kvWidth)
            add(valueBias, to: v, count: kvWidth)
            normalizeHeads(q, weight: queryNorm, heads: c.headCount, config: c)
            normalizeHeads(k, weight: keyNorm, heads: c.kvHeadCount, config: c)
            rope.apply(angles[i], to: q, heads: c.headCount, headDimension: c.headDim)
            rope.apply(angles[i], to: k, heads: c.kvHeadCount, headDimension: c.headDim)
        }
        pass.arithmetic.prepareQueries(s.query, count: count, config: c)
        let cache = pass.state.cache
        cache.store(keys: s.key, values: s.value, layer: layer, position: start, count: count)
        let keys = cache.keys(layer), values = cache.values(layer)
        let heads = c.headCount, window = window, arithmetic = pass.arithmetic
        pass.pool.parallelFor(taskCount: count * heads) { task, participant in
            let i = task / heads, head = task % heads
            let position = start + i
            arithmetic.attend(query: s.query + i * qWidth, keys: keys, values: values, head: head, position: position,
                              first: window.map { max(0, position - $0 + 1) } ?? 0, batched: count > 1, config: c,
                              scores: s.scores + participant * s.scoreStride, lanes: s.lanes + participant * s.laneStride,
                              output: s.attention + i * qWidth)
        }
        if gatesOutput {
            Activation.sigmoid(s.attentionGate, into: s.attentionGate, count: count * qWidth)
            Vector.multiply(s.attention, s.attentionGate, into: s.attention, count: count * qWidth)
        }
        output.matmul(s.attention, count: count, into: s.blockOutput, pool: pass.pool)
    }

    /// Separates the wide projection's per-head [query | gate] halves into `query` and `attentionGate`.
    private func splitQueryAndGate(count: Int, config c: TransformerConfig, scratch s: ForwardScratch) {
        let d = c.headDim
        for row in 0..<count * c.headCount {
            let source = s.wideQuery + row * 2 * d
            (s.query + row * d).update(from: source, count: d)
            (s.attentionGate + row * d).update(from: source + d, count: d)
        }
    }

    private func normalizeHeads(_ x: UnsafeMutablePointer<Float>, weight: [Float]?, heads: Int, config c: TransformerConfig) {
        guard let weight else { return }
        for head in 0..<heads {
            let row = x + head * c.headDim
            Normalization.rmsNorm(row, weight: weight, epsilon: c.normEpsilon, into: row, count: c.headDim)
        }
    }

    private func add(_ bias: [Float]?, to x: UnsafeMutablePointer<Float>, count: Int) {
        guard let bias else { return }
        Vector.add(x, bias, into: x, count: count)
    }
}
