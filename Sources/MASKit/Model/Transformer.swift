import Foundation

/// The forward pass of a decoder-only transformer over a batch of consecutive positions: the layers' blocks
/// in order, with the arithmetic of the model's reference.
struct Transformer: @unchecked Sendable {
    let config: TransformerConfig
    let weights: TransformerWeights
    let arithmetic: any ForwardArithmetic
    let pool: WorkerPool

    init(config: TransformerConfig, weights: TransformerWeights, arithmetic: any ForwardArithmetic, pool: WorkerPool) {
        self.config = config
        self.weights = weights
        self.arithmetic = arithmetic
        self.pool = pool
    }

    /// Runs `count` input rows (`hidden`, count × hiddenSize, overwritten with the final hidden states,
    /// post-final-norm) at positions `start ..< start + count`, extending `state` by them. Unless `allRows`,
    /// only the last row is carried through the last layer's feed-forward block (the others are left
    /// unfinished), as llama.cpp does with rows whose output it does not keep.
    func forward(_ hidden: UnsafeMutablePointer<Float>, count: Int, start: Int, allRows: Bool,
                 state: SequenceState, scratch: ForwardScratch) {
        let h = config.hiddenSize
        let globalAngles = (0..<count).map { weights.globalRope.angles(at: start + $0) }
        let localAngles = config.slidingWindow == nil ? globalAngles : (0..<count).map { weights.localRope.angles(at: start + $0) }
        let pass = ForwardPass(config: config, arithmetic: arithmetic, pool: pool, scratch: scratch, state: state,
                               count: count, start: start, globalAngles: globalAngles, localAngles: localAngles)
        for (index, layer) in weights.layers.enumerated() {
            layer.run(hidden, pass: pass, allRows: allRows || index < weights.layers.count - 1)
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
}
