/// IEEE binary16 ("f16") and bfloat16 ("bf16") to and from f32.
///
/// Widening is done with integer bit operations and one multiply, so it vectorises on any x86-64
/// (the native F16C conversion is only reachable when the whole build targets it); single block scales
/// are looked up in a table of all 65536 values, as ggml does without F16C.
public enum HalfPrecision {
    /// f32 values of all f16 bit patterns (256 KiB, built on first use).
    nonisolated(unsafe) static let table: UnsafePointer<Float> = {
        let values = UnsafeMutablePointer<Float>.allocate(capacity: 65536)
        for bits in 0..<65536 { values[bits] = float(fromHalf: UInt16(bits)) }
        return UnsafePointer(values)
    }()

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
    static func widen(halves bits: SIMD8<UInt16>) -> SIMD8<Float> {
        let h = widened(bits)
        let magnitude = (h & 0x7fff) &<< 13
        let scaled = bitPatterns(floats(bitPatterns: magnitude) * 0x1p112)
        // Exponent 31 (infinity, NaN) lands on f32 exponent 143 after scaling; setting all exponent bits
        // turns it into 255 and keeps the mantissa. Bit 28 of magnitude + 2^23 flags exactly those lanes.
        let special = (0 &- (((magnitude &+ 0x0080_0000) &>> 28) & 1)) & 0x7f80_0000
        return floats(bitPatterns: scaled | special | (h & 0x8000) &<< 16)
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
    static func widen(bfloat16s bits: SIMD8<UInt16>) -> SIMD8<Float> {
        floats(bitPatterns: widened(bits) &<< 16)
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
            UnsafeMutableRawPointer(destination + i).storeBytes(of: widen(halves: bits), as: SIMD8<Float>.self)
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
    /// Rounds each value to the nearest f16 (ties to even), kept as f32.
    public static func roundToHalves(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] = Float(Float16(x[i])) }
    }

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
