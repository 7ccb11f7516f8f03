import CKernels
import Foundation

/// The forward pass of a decoder-only transformer over a batch of consecutive positions.
struct Transformer: @unchecked Sendable {
    let config: TransformerConfig
    let weights: TransformerWeights
    let pool: WorkerPool
    private let globalRope: RotaryEmbedding
    private let localRope: RotaryEmbedding

    init(config: TransformerConfig, weights: TransformerWeights, pool: WorkerPool) {
        self.config = config
        self.weights = weights
        self.pool = pool
        let factors = weights.ropeFrequencyFactors?.map(Double.init)
            ?? config.ropeScaling?.frequencyFactors(dimensions: config.ropeDimensions, base: Double(config.ropeBase))
        if config.numerics == .llamaCpp {
            globalRope = .llamaCpp(dimensions: config.ropeDimensions, base: config.ropeBase, layout: config.ropeLayout,
                                   frequencyFactors: factors)
            localRope = .llamaCpp(dimensions: config.ropeDimensions, base: config.localRopeBase, layout: config.ropeLayout)
            return
        }
        globalRope = RotaryEmbedding(dimensions: config.ropeDimensions, base: Double(config.ropeBase),
                                     layout: config.ropeLayout, frequencyFactors: factors)
        localRope = RotaryEmbedding(dimensions: config.ropeDimensions, base: Double(config.localRopeBase),
                                    layout: config.ropeLayout)
    }

    /// Runs `count` input rows (`hidden`, count × hiddenSize, overwritten with the final hidden states,
    /// post-final-norm) at positions `start ..< start + count`, appending their keys and values to `cache`.
    /// Unless `allRows`, only the last row is carried through the last layer's feed-forward block (the
    /// others are left unfinished), as llama.cpp does with rows whose output it does not keep.
    func forward(_ hidden: UnsafeMutablePointer<Float>, count: Int, start: Int, allRows: Bool,
                 cache: KVCache, scratch: ForwardScratch) {
        let h = config.hiddenSize
        let globalAngles = (0..<count).map { globalRope.angles(at: start + $0) }
        let localAngles = config.slidingWindow == nil ? globalAngles : (0..<count).map { localRope.angles(at: start + $0) }
        for (index, layer) in weights.layers.enumerated() {
            let angles = config.isLocal(layer: index) ? localAngles : globalAngles
            attentionBlock(layer, index: index, hidden: hidden, count: count, start: start, angles: angles,
                           cache: cache, scratch: scratch)
            if allRows || index < weights.layers.count - 1 {
                feedForwardBlock(layer, hidden: hidden, count: count, scratch: scratch)
            } else {
                feedForwardBlock(layer, hidden: hidden + (count - 1) * h, count: 1, scratch: scratch)
            }
        }
        for i in (allRows ? 0 : count - 1)..<count {
            Normalization.rmsNorm(hidden + i * h, weight: weights.outputNorm, epsilon: config.normEpsilon,
                                  into: hidden + i * h, count: h)
        }
    }

    /// The LM head on one final hidden state.
    func logits(of hidden: UnsafePointer<Float>, into logits: UnsafeMutablePointer<Float>) {
        weights.output.matvec(hidden, into: logits, pool: pool)
        if let cap = config.finalLogitSoftcap {
            for i in 0..<config.vocabularySize { logits[i] = cap * tanhf(logits[i] / cap) }
        }
    }

    private func attentionBlock(_ layer: LayerWeights, index: Int, hidden: UnsafeMutablePointer<Float>,
                                count: Int, start: Int, angles: [RotaryAngles], cache: KVCache,
                                scratch s: ForwardScratch) {
        let c = config
        let h = c.hiddenSize, qWidth = c.headCount * c.headDim, kvWidth = c.kvHeadCount * c.headDim
        normalize(hidden, weight: layer.attentionNorm, count: count, into: s.normed)
        QuantizedMatrix.matmul([ProductPart(matrix: layer.query, output: s.query),
                                ProductPart(matrix: layer.key, output: s.key),
                                ProductPart(matrix: layer.value, output: s.value)],
                               x: s.normed, count: count, pool: pool)
        for i in 0..<count {
            let q = s.query + i * qWidth, k = s.key + i * kvWidth, v = s.value + i * kvWidth
            addBias(layer.queryBias, to: q, count: qWidth)
            addBias(layer.keyBias, to: k, count: kvWidth)
            addBias(layer.valueBias, to: v, count: kvWidth)
            normalizeHeads(q, weight: layer.queryNorm, heads: c.headCount)
            normalizeHeads(k, weight: layer.keyNorm, heads: c.kvHeadCount)
            let rope = c.isLocal(layer: index) ? localRope : globalRope
            rope.apply(angles[i], to: q, heads: c.headCount, headDimension: c.headDim)
            rope.apply(angles[i], to: k, heads: c.kvHeadCount, headDimension: c.headDim)
            if c.numerics == .llamaCpp {
                if c.scalesQueries { Vector.scale(q, by: c.attentionScale, count: qWidth) }
                HalfPrecision.roundToHalves(q, count: qWidth)
            }
        }
        let window = c.isLocal(layer: index) ? c.slidingWindow : nil
        cache.store(keys: s.key, values: s.value, layer: index, position: start, count: count)
        let keys = cache.keys(index), values = cache.values(index)
        let heads = c.headCount
        pool.parallelFor(taskCount: count * heads) { task, participant in
            let i = task / heads, head = task % heads
            let position = start + i
            let first = window.map { max(0, position - $0 + 1) } ?? 0
            Attention.attend(query: s.query + i * qWidth, keys: keys, values: values, heads: head..<head + 1,
                             position: position, first: first, batched: count > 1, config: c,
                             scores: s.scores + participant * s.scoreStride, lanes: s.lanes + participant * s.laneStride,
                             output: s.attention + i * qWidth)
        }
        layer.attentionOutput.matmul(s.attention, count: count, into: s.blockOutput, pool: pool)
        addResidual(s.blockOutput, postNorm: layer.postAttentionNorm, to: hidden, count: count, width: h)
    }

    private func feedForwardBlock(_ layer: LayerWeights, hidden: UnsafeMutablePointer<Float>, count: Int,
                                  scratch s: ForwardScratch) {
        let h = config.hiddenSize, f = config.feedForwardSize
        normalize(hidden, weight: layer.feedForwardNorm, count: count, into: s.normed)
        QuantizedMatrix.matmul([ProductPart(matrix: layer.gate, output: s.gate), ProductPart(matrix: layer.up, output: s.up)],
                               x: s.normed, count: count, pool: pool)
        if config.usesGELU && config.numerics == .llamaCpp {
            Activation.geluTanhGatedThroughHalfTable(gate: s.gate, up: s.up, into: s.gate, count: count * f)
        } else if config.usesGELU {
            Activation.geluTanhGated(gate: s.gate, up: s.up, into: s.gate, count: count * f)
        } else if config.numerics == .llamaCpp {
            ck_silu_gated(KernelInstructionSet.best.isa, s.gate, s.up, s.gate, Int64(count * f))
        } else {
            Activation.siluGated(gate: s.gate, up: s.up, into: s.gate, count: count * f)
        }
        layer.down.matmul(s.gate, count: count, into: s.blockOutput, pool: pool)
        addResidual(s.blockOutput, postNorm: layer.postFeedForwardNorm, to: hidden, count: count, width: h)
    }

    private func normalize(_ rows: UnsafePointer<Float>, weight: [Float], count: Int, into out: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        for i in 0..<count {
            Normalization.rmsNorm(rows + i * h, weight: weight, epsilon: config.normEpsilon, into: out + i * h, count: h)
        }
    }

    private func normalizeHeads(_ x: UnsafeMutablePointer<Float>, weight: [Float]?, heads: Int) {
        guard let weight else { return }
        let d = config.headDim
        for head in 0..<heads {
            Normalization.rmsNorm(x + head * d, weight: weight, epsilon: config.normEpsilon, into: x + head * d, count: d)
        }
    }

    private func addBias(_ bias: [Float]?, to x: UnsafeMutablePointer<Float>, count: Int) {
        guard let bias else { return }
        Vector.add(x, bias, into: x, count: count)
    }

    private func addResidual(_ block: UnsafeMutablePointer<Float>, postNorm: [Float]?,
                             to hidden: UnsafeMutablePointer<Float>, count: Int, width: Int) {
        for i in 0..<count {
            let row = block + i * width
            if let postNorm {
                Normalization.rmsNorm(row, weight: postNorm, epsilon: config.normEpsilon, into: row, count: width)
            }
            Vector.add(hidden + i * width, row, into: hidden + i * width, count: width)
        }
    }
}
