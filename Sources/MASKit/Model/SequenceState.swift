import Glibc

/// What a context remembers of the positions it has seen, per layer: keys and values of the attention layers
/// (`cache`, which also reserves, but never touches, rows for the other layers), and the convolution window
/// and delta-rule matrices of each DeltaNet layer.
final class SequenceState {
    let cache: KVCache
    /// One per DeltaNet layer, in layer order.
    var deltaNet: [DeltaNetState]
    private let fresh: [DeltaNetState]

    init(config c: TransformerConfig, maxPositions: Int, halves: Bool) {
        cache = KVCache(layerCount: c.layerCount, rowWidth: c.kvHeadCount * c.headDim, maxPositions: maxPositions,
                        halves: halves)
        let layers = c.layerKinds.filter { $0 == .linearAttention }.count
        fresh = c.deltaNet.map { Array(repeating: DeltaNetState(shape: $0), count: layers) } ?? []
        deltaNet = fresh
    }

    /// The recurrent state of position 0.
    func clearRecurrent() { deltaNet = fresh }
}

/// A DeltaNet layer's memory: the last `convolutionWidth − 1` projected rows (oldest first) and a
/// keyHeadDim × valueHeadDim matrix per value head. A value: copies are snapshots.
struct DeltaNetState {
    private var window: [Float]
    private var matrices: [Float]

    init(shape: DeltaNetShape) {
        window = Array(repeating: 0, count: (shape.convolutionWidth - 1) * shape.channels)
        matrices = Array(repeating: 0, count: shape.stateSize)
    }

    mutating func withBuffers<R>(_ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> R) -> R {
        window.withUnsafeMutableBufferPointer { window in
            matrices.withUnsafeMutableBufferPointer { matrices in
                // An empty window (width 1) has no storage; nothing reads it then.
                body(window.baseAddress ?? matrices.baseAddress!, matrices.baseAddress!)
            }
        }
    }
}
