/// F32 rows: plain little-endian floats.
enum F32Rows: FloatRowKernel {
    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(from: row.assumingMemoryBound(to: Float.self), count: count)
    }

    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        Vector.dot(row.assumingMemoryBound(to: Float.self), x, count: count)
    }
}

/// F16 rows: IEEE binary16 values.
enum F16Rows: FloatRowKernel {
    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        HalfPrecision.widenHalves(row.assumingMemoryBound(to: UInt16.self), into: out, count: count)
    }

    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            let h0 = row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)
            let h1 = row.loadUnaligned(fromByteOffset: 2 * i + 16, as: SIMD8<UInt16>.self)
            a0 = multiplyAdd(HalfPrecision.widen(halves: h0), x.eight(i), a0)
            a1 = multiplyAdd(HalfPrecision.widen(halves: h1), x.eight(i + 8), a1)
            i += 16
        }
        var sum = (a0 + a1).sum()
        while i < count { sum += row.half(2 * i) * x[i]; i += 1 }
        return sum
    }
}

/// BF16 rows: the upper halves of f32 values.
enum BF16Rows: FloatRowKernel {
    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        HalfPrecision.widenBFloat16s(row.assumingMemoryBound(to: UInt16.self), into: out, count: count)
    }

    static func dot(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            let h0 = row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)
            let h1 = row.loadUnaligned(fromByteOffset: 2 * i + 16, as: SIMD8<UInt16>.self)
            a0 = multiplyAdd(HalfPrecision.widen(bfloat16s: h0), x.eight(i), a0)
            a1 = multiplyAdd(HalfPrecision.widen(bfloat16s: h1), x.eight(i + 8), a1)
            i += 16
        }
        var sum = (a0 + a1).sum()
        while i < count {
            sum += HalfPrecision.float(fromBFloat16: row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) * x[i]
            i += 1
        }
        return sum
    }
}
