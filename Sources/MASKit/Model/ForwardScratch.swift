/// Working memory of one forward pass over up to `batch` positions, reused between calls.
final class ForwardScratch {
    let batch: Int
    let normed, query, key, value, attention, blockOutput, gate, up: UnsafeMutablePointer<Float>
    /// Attention scores: one row of `scoreStride` (maxPositions and a group of 8 more) per pool participant.
    let scores: UnsafeMutablePointer<Float>
    let scoreStride: Int
    /// Partial sums of llama.cpp's attention order: `laneStride` (32 · headDim) floats per participant.
    let lanes: UnsafeMutablePointer<Float>
    let laneStride: Int
    private let buffers: [UnsafeMutablePointer<Float>]

    init(config c: TransformerConfig, batch: Int, maxPositions: Int, participants: Int) {
        self.batch = batch
        scoreStride = maxPositions + 8
        laneStride = 32 * c.headDim
        // Every buffer is written before it is read; left untouched, the rows a short batch does not use take
        // no memory.
        func buffer(_ width: Int) -> UnsafeMutablePointer<Float> {
            UnsafeMutablePointer<Float>.allocate(capacity: batch * width)
        }
        let qWidth = c.headCount * c.headDim, kvWidth = c.kvHeadCount * c.headDim
        normed = buffer(c.hiddenSize)
        query = buffer(qWidth)
        key = buffer(kvWidth)
        value = buffer(kvWidth)
        attention = buffer(qWidth)
        blockOutput = buffer(c.hiddenSize)
        gate = buffer(c.feedForwardSize)
        up = buffer(c.feedForwardSize)
        scores = .allocate(capacity: scoreStride * participants)
        lanes = .allocate(capacity: laneStride * participants)
        buffers = [normed, query, key, value, attention, blockOutput, gate, up, scores, lanes]
    }

    deinit { buffers.forEach { $0.deallocate() } }
}
