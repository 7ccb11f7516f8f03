// Register-level loads shared by the block kernels. Each turns into one or two vector instructions.

extension UnsafeRawPointer {
    /// Eight bytes at `offset`, zero-extended.
    @inline(__always)
    func unsignedBytes(_ offset: Int) -> SIMD8<Int32> {
        widened(loadUnaligned(fromByteOffset: offset, as: SIMD8<UInt8>.self))
    }

    /// Eight bytes at `offset`, sign-extended.
    @inline(__always)
    func signedBytes(_ offset: Int) -> SIMD8<Int32> {
        widened(loadUnaligned(fromByteOffset: offset, as: SIMD8<Int8>.self))
    }

    /// The f16 at `offset`, as f32 (a block scale).
    @inline(__always)
    func half(_ offset: Int) -> Float {
        HalfPrecision.table[Int(loadUnaligned(fromByteOffset: offset, as: UInt16.self))]
    }
}

extension UnsafePointer<Float> {
    /// Eight floats starting at element `offset`.
    @inline(__always)
    func eight(_ offset: Int) -> SIMD8<Float> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD8<Float>.self)
    }
}

extension UnsafeMutablePointer<Float> {
    @inline(__always)
    func storeEight(_ value: SIMD8<Float>, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: SIMD8<Float>.self)
    }
}

/// `c + a·b`, element-wise. One place to choose between a fused and a separate multiply-add.
@inline(__always)
func multiplyAdd(_ a: SIMD8<Float>, _ b: SIMD8<Float>, _ c: SIMD8<Float>) -> SIMD8<Float> {
    c + a * b
}
