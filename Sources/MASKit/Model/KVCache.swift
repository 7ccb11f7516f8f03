/// Keys and values of every layer for the positions a context has seen, grown on demand up to the
/// model's context length (so a short run costs little memory).
struct KVCache {
    let layerCount: Int
    /// Floats per position in one layer: kvHeads × headDim.
    let rowWidth: Int
    let maxPositions: Int
    private(set) var capacity = 0
    private var keys: [[Float]]
    private var values: [[Float]]

    init(layerCount: Int, rowWidth: Int, maxPositions: Int) {
        self.layerCount = layerCount
        self.rowWidth = rowWidth
        self.maxPositions = maxPositions
        keys = Array(repeating: [], count: layerCount)
        values = Array(repeating: [], count: layerCount)
    }

    /// Makes room for `positions` positions; false when that exceeds the context length.
    mutating func reserve(_ positions: Int) -> Bool {
        guard positions <= maxPositions else { return false }
        guard positions > capacity else { return true }
        let grown = min(maxPositions, max(positions, capacity * 2, 64))
        for layer in 0..<layerCount {
            keys[layer].append(contentsOf: repeatElement(0, count: (grown - capacity) * rowWidth))
            values[layer].append(contentsOf: repeatElement(0, count: (grown - capacity) * rowWidth))
        }
        capacity = grown
        return true
    }

    /// Calls `body` with the key and value storage of one layer (position-major rows of `rowWidth`).
    mutating func withLayer<R>(_ layer: Int,
                               _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try keys[layer].withUnsafeMutableBufferPointer { k in
            try values[layer].withUnsafeMutableBufferPointer { v in
                try body(k.baseAddress!, v.baseAddress!)
            }
        }
    }
}
