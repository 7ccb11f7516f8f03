import Glibc

/// Keys and values of every layer for the positions a context has seen, as f32 or, like llama.cpp's default
/// cache, f16 (`halves`).
///
/// The storage for the whole context length is reserved as one anonymous mapping when first needed, and
/// each layer's keys and values are position-major, so physical memory is taken only by the pages of the
/// positions actually written: a short run costs little memory, and a growing one never copies.
final class KVCache {
    let layerCount: Int
    /// Values per position in one layer: kvHeads × headDim.
    let rowWidth: Int
    let maxPositions: Int
    let halves: Bool
    /// Keys of layer l start at l · layerBytes, values at (layerCount + l) · layerBytes.
    private var storage: UnsafeMutableRawPointer?
    private var layerBytes: Int { maxPositions * rowWidth * (halves ? 2 : 4) }
    private var byteCount: Int { 2 * layerCount * layerBytes }

    init(layerCount: Int, rowWidth: Int, maxPositions: Int, halves: Bool) {
        self.layerCount = layerCount
        self.rowWidth = rowWidth
        self.maxPositions = maxPositions
        self.halves = halves
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
        storage = address
    }

    /// The keys of one layer: position-major rows of `rowWidth` f32 or f16 values (valid after `reserve`).
    func keys(_ layer: Int) -> UnsafeMutableRawPointer { storage.unsafelyUnwrapped + layer * layerBytes }

    /// The values of one layer, laid out as its keys.
    func values(_ layer: Int) -> UnsafeMutableRawPointer { storage.unsafelyUnwrapped + (layerCount + layer) * layerBytes }

    /// Writes `count` rows of keys and values (f32, rowWidth each) of one layer from `position` on.
    func store(keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>, layer: Int, position: Int, count: Int) {
        let n = count * rowWidth, offset = position * rowWidth
        if halves {
            HalfPrecision.narrowToHalves(k, into: keys(layer).assumingMemoryBound(to: UInt16.self) + offset, count: n)
            HalfPrecision.narrowToHalves(v, into: values(layer).assumingMemoryBound(to: UInt16.self) + offset, count: n)
        } else {
            (keys(layer).assumingMemoryBound(to: Float.self) + offset).update(from: k, count: n)
            (values(layer).assumingMemoryBound(to: Float.self) + offset).update(from: v, count: n)
        }
    }
}
