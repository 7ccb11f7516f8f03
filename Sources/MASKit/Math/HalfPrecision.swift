/// IEEE binary16 ("f16") and bfloat16 ("bf16") to and from f32.
///
/// Widening is done with integer bit operations and one multiply, so it vectorises on any x86-64
/// (the native F16C conversion is only reachable when the whole build targets it).
public enum HalfPrecision {
    /// The f32 value of an f16 bit pattern (exact, including subnormals, infinities and NaNs).
    @inline(__always)
    public static func float(fromHalf bits: UInt16) -> Float {
        let h = UInt32(bits)
        let magnitude = (h & 0x7fff) << 13
        // Shifting the exponent into f32 position and scaling by 2^112 rebiases normals and subnormals alike.
        var value = Float(bitPattern: magnitude) * 0x1p112
        if magnitude >= 0x0f80_0000 { value = Float(bitPattern: magnitude | 0x7000_0000) }
        return Float(bitPattern: value.bitPattern | (h & 0x8000) << 16)
    }

    /// Eight f16 bit patterns widened at once (same results as `float(fromHalf:)`).
    @inline(__always)
    static func floats(fromHalves bits: SIMD8<UInt16>) -> SIMD8<Float> {
        let h = SIMD8<UInt32>(truncatingIfNeeded: bits)
        let magnitude = (h & 0x7fff) &<< 13
        let scaled = unsafeBitCast(magnitude, to: SIMD8<Float>.self) * 0x1p112
        let special = unsafeBitCast(magnitude | 0x7000_0000, to: SIMD8<Float>.self)
        let value = scaled.replacing(with: special, where: magnitude .>= 0x0f80_0000)
        return unsafeBitCast(unsafeBitCast(value, to: SIMD8<UInt32>.self) | (h & 0x8000) &<< 16,
                             to: SIMD8<Float>.self)
    }

    /// The f16 bit pattern nearest to `value` (round to nearest even; overflow gives infinity).
    @inline(__always)
    public static func half(from value: Float) -> UInt16 {
        Float16(value).bitPattern
    }

    /// The f32 value of a bf16 bit pattern (exact).
    @inline(__always)
    public static func float(fromBFloat16 bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    @inline(__always)
    static func floats(fromBFloat16s bits: SIMD8<UInt16>) -> SIMD8<Float> {
        unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: bits) &<< 16, to: SIMD8<Float>.self)
    }

    /// The bf16 bit pattern nearest to `value`, rounding to nearest even and keeping NaNs quiet NaNs
    /// (ggml's conversion).
    @inline(__always)
    public static func bfloat16(from value: Float) -> UInt16 {
        let bits = value.bitPattern
        if bits & 0x7fff_ffff > 0x7f80_0000 { return UInt16(truncatingIfNeeded: (bits >> 16) | 64) }
        return UInt16(truncatingIfNeeded: (UInt64(bits) + 0x7fff + UInt64((bits >> 16) & 1)) >> 16)
    }

    /// Widens `count` f16 values.
    public static func widenHalves(_ source: UnsafePointer<UInt16>, into destination: UnsafeMutablePointer<Float>,
                                   count: Int) {
        var i = 0
        while i + 8 <= count {
            let bits = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<UInt16>.self)
            UnsafeMutableRawPointer(destination + i).storeBytes(of: floats(fromHalves: bits), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { destination[i] = float(fromHalf: source[i]); i += 1 }
    }

    /// Widens `count` bf16 values.
    public static func widenBFloat16s(_ source: UnsafePointer<UInt16>, into destination: UnsafeMutablePointer<Float>,
                                      count: Int) {
        for i in 0..<count { destination[i] = float(fromBFloat16: source[i]) }
    }

    /// Narrows `count` f32 values to f16.
    public static func narrowToHalves(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<UInt16>,
                                      count: Int) {
        for i in 0..<count { destination[i] = half(from: source[i]) }
    }

    /// Narrows `count` f32 values to bf16.
    public static func narrowToBFloat16s(_ source: UnsafePointer<Float>,
                                         into destination: UnsafeMutablePointer<UInt16>, count: Int) {
        for i in 0..<count { destination[i] = bfloat16(from: source[i]) }
    }
}
