import Glibc

/// Keys and values of every layer for the positions a context has seen.
///
/// The storage for the whole context length is reserved as one anonymous mapping when first needed, and
/// each layer's keys and values are position-major, so physical memory is taken only by the pages of the
/// positions actually written: a short run costs little memory, and a growing one never copies.
final class KVCache {
    let layerCount: Int
    /// Floats per position in one layer: kvHeads × headDim.
    let rowWidth: Int
    let maxPositions: Int
    /// Keys of layer l start at l · layerFloats, values at (layerCount + l) · layerFloats.
    private var storage: UnsafeMutablePointer<Float>?
    private var layerFloats: Int { maxPositions * rowWidth }
    private var byteCount: Int { 2 * layerCount * layerFloats * MemoryLayout<Float>.stride }

    init(layerCount: Int, rowWidth: Int, maxPositions: Int) {
        self.layerCount = layerCount
        self.rowWidth = rowWidth
        self.maxPositions = maxPositions
    }

    deinit {
        if let storage { munmap(storage, byteCount) }
    }

    /// Makes room for `positions` positions.
    func reserve(_ positions: Int) throws(ModelError) {
        guard positions <= maxPositions else { throw .contextFull(needed: positions, limit: maxPositions) }
        guard storage == nil else { return }
        // Reserved address space only (no swap is set aside for it); pages appear, zeroed, when written.
        guard let address = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              address != MAP_FAILED
        else { throw .cacheUnavailable(bytes: byteCount) }
        storage = address.bindMemory(to: Float.self, capacity: byteCount / MemoryLayout<Float>.stride)
    }

    /// The keys of one layer: position-major rows of `rowWidth` (valid after `reserve`).
    func keys(_ layer: Int) -> UnsafeMutablePointer<Float> { storage.unsafelyUnwrapped + layer * layerFloats }

    /// The values of one layer, laid out as its keys.
    func values(_ layer: Int) -> UnsafeMutablePointer<Float> { storage.unsafelyUnwrapped + (layerCount + layer) * layerFloats }
}
