import Foundation

/// A heap allocation that lives as long as this object: the backing store of weights that are not
/// mapped from a file (a safetensors image given in memory, weights quantised at load time).
final class OwnedBytes: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let count: Int

    /// `count` zeroed bytes, aligned for SIMD loads.
    init(count: Int) {
        self.count = count
        base = .allocate(byteCount: max(count, 1), alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    }

    convenience init(copying data: Data) {
        self.init(count: data.count)
        data.copyBytes(to: base.assumingMemoryBound(to: UInt8.self), count: data.count)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    deinit { base.deallocate() }
}
