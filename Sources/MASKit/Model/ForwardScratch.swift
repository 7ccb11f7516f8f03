/// Working memory of one forward pass over up to `batch` positions, reused between calls.
final class ForwardScratch {
    let batch: Int
    let normed, query, key, value, attention, blockOutput, gate, up: UnsafeMutablePointer<Float>
    /// Gated attention (Qwen3.5): the query projection with its gates, and the gates split out of it.
    let wideQuery, attentionGate: UnsafeMutablePointer<Float>
    /// Attention scores: one row of `scoreStride` (maxPositions and a group of 8 more) per pool participant.
    let scores: UnsafeMutablePointer<Float>
    let scoreStride: Int
    /// Partial sums of llama.cpp's attention order: `laneStride` (32 · headDim) floats per participant.
    let lanes: UnsafeMutablePointer<Float>
    let laneStride: Int
    /// The DeltaNet layers' rows, when the model has such layers.
    let deltaNet: DeltaNetScratch?
    private let buffers: [UnsafeMutablePointer<Float>]

    init(config c: TransformerConfig, batch: Int, maxPositions: Int, participants: Int) {
        self.batch = batch
        scoreStride = maxPositions + 8
        laneStride = 32 * c.headDim
        // Every buffer is written before it is read; left untouched, the rows a short batch does not use take
        // no memory.
        var buffers: [UnsafeMutablePointer<Float>] = []
        func buffer(_ width: Int, rows: Int = batch) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, rows * width))
            buffers.append(pointer)
            return pointer
        }
        let qWidth = c.headCount * c.headDim, kvWidth = c.kvHeadCount * c.headDim
        let gated = c.gatesAttentionOutput
        normed = buffer(c.hiddenSize)
        query = buffer(qWidth)
        key = buffer(kvWidth)
        value = buffer(kvWidth)
        attention = buffer(qWidth)
        blockOutput = buffer(c.hiddenSize)
        gate = buffer(c.feedForwardSize)
        up = buffer(c.feedForwardSize)
        wideQuery = buffer(gated ? 2 * qWidth : 0)
        attentionGate = buffer(gated ? qWidth : 0)
        scores = buffer(scoreStride, rows: participants)
        lanes = buffer(laneStride, rows: participants)
        deltaNet = c.deltaNet.map { n in
            DeltaNetScratch(projected: buffer(n.channels), mixed: buffer(n.channels), outputGate: buffer(n.valueWidth),
                            beta: buffer(n.valueHeads), decay: buffer(n.valueHeads), core: buffer(n.valueWidth))
        }
        self.buffers = buffers
    }

    deinit { buffers.forEach { $0.deallocate() } }
}

/// Rows of a DeltaNet layer: the q/k/v projection before and after its convolution, the output gate z, β
/// and the decay per value head, and the recurrence's output.
struct DeltaNetScratch {
    let projected, mixed, outputGate, beta, decay, core: UnsafeMutablePointer<Float>
}
