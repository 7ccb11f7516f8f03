/// What the blocks of one forward call share: `count` consecutive positions from `start`, the scratch rows
/// they work in, the sequence state they read and extend, and the arithmetic of the model's reference.
struct ForwardPass {
    let config: TransformerConfig
    let arithmetic: any ForwardArithmetic
    let pool: WorkerPool
    let scratch: ForwardScratch
    let state: SequenceState
    let count: Int
    let start: Int
    /// Rotation angles of every position of the call, for the global and the local (sliding) layers.
    let globalAngles: [RotaryAngles]
    let localAngles: [RotaryAngles]

    func normalize(_ rows: UnsafePointer<Float>, weight: [Float], width: Int, into out: UnsafeMutablePointer<Float>,
                   count: Int? = nil) {
        for i in 0..<(count ?? self.count) {
            Normalization.rmsNorm(rows + i * width, weight: weight, epsilon: config.normEpsilon, into: out + i * width,
                                  count: width)
        }
    }
}

/// What mixes information across positions in a decoder layer: attention or a DeltaNet recurrence.
protocol TokenMixer: Sendable {
    /// Reads the pass's normalised rows (`scratch.normed`), writes the block's output rows to
    /// `scratch.blockOutput`, and extends the layer's state by the pass's positions.
    func mix(_ pass: ForwardPass)
}

/// One decoder layer: pre-norm, token mixer, optional post-norm (Gemma 3), residual; then the feed-forward
/// block likewise.
struct DecoderLayer: Sendable {
    let inputNorm: [Float]
    let mixer: any TokenMixer
    let postMixerNorm: [Float]?
    let feedForward: FeedForwardBlock

    /// Runs the layer on `pass.count` rows of `hidden`; unless `allRows`, only the last row is carried
    /// through the feed-forward block (the others are left unfinished), as llama.cpp does with rows whose
    /// output it does not keep.
    func run(_ hidden: UnsafeMutablePointer<Float>, pass: ForwardPass, allRows: Bool) {
        let h = pass.config.hiddenSize, s = pass.scratch
        pass.normalize(hidden, weight: inputNorm, width: h, into: s.normed)
        mixer.mix(pass)
        addResidual(s.blockOutput, postNorm: postMixerNorm, to: hidden, count: pass.count, pass: pass)
        let rows = allRows ? pass.count : 1
        let first = hidden + (pass.count - rows) * h
        feedForward.run(first, count: rows, pass: pass)
        addResidual(s.blockOutput, postNorm: feedForward.postNorm, to: first, count: rows, pass: pass)
    }

    private func addResidual(_ block: UnsafeMutablePointer<Float>, postNorm: [Float]?, to hidden: UnsafeMutablePointer<Float>,
                             count: Int, pass: ForwardPass) {
        let h = pass.config.hiddenSize
        if let postNorm { pass.normalize(block, weight: postNorm, width: h, into: block, count: count) }
        for i in 0..<count { Vector.add(hidden + i * h, block + i * h, into: hidden + i * h, count: h) }
    }
}

/// The gated feed-forward block: down(act(gate(x)) ⊙ up(x)) with SiLU or GELU-tanh.
struct FeedForwardBlock: @unchecked Sendable {
    let norm: [Float]
    let gate, up, down: QuantizedMatrix
    /// Gemma 3 normalises the block's output before the residual.
    let postNorm: [Float]?

    /// Writes the block's output for `count` rows of `hidden` to `scratch.blockOutput`.
    func run(_ hidden: UnsafePointer<Float>, count: Int, pass: ForwardPass) {
        let s = pass.scratch, f = pass.config.feedForwardSize
        pass.normalize(hidden, weight: norm, width: pass.config.hiddenSize, into: s.normed, count: count)
        QuantizedMatrix.matmul([ProductPart(matrix: gate, output: s.gate), ProductPart(matrix: up, output: s.up)],
                               x: s.normed, count: count, pool: pass.pool)
        pass.arithmetic.gatedActivation(gelu: pass.config.usesGELU, gate: s.gate, up: s.up, count: count * f)
        down.matmul(s.gate, count: count, into: s.blockOutput, pool: pass.pool)
    }
}
