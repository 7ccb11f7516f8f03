/// e^x for eight lanes: range reduction to r in [−ln2/2, ln2/2] and a degree-6 polynomial (Cephes'
/// single-precision coefficients), within 2 ulp of the correctly rounded result. Lanes below −87.3
/// give 0 (so −∞ gives 0), lanes above 88.7 give +∞.
@inline(__always)
func fastExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let xc = lanewiseMin(lanewiseMax(x, SIMD8(repeating: -87.3)), SIMD8(repeating: 88.7))
    // Round x·log2(e) to the nearest integer with the 1.5·2^23 trick (no rounding instruction needed).
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let n = (xc * 1.442_695_04 + magic) - magic
    let r = (xc - n * 0.693_359_375) - n * -2.121_944_4e-4
    var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    let e = p * r * r + r + 1
    // 2^n built in the exponent field; n ≤ 128 so split it to stay within range.
    let ni = integers(n)
    let half = ni &>> 1
    let twoA = unsafeBitCast((half &+ 127) &<< 23, to: SIMD8<Float>.self)
    let twoB = unsafeBitCast((ni &- half &+ 127) &<< 23, to: SIMD8<Float>.self)
    let result = e * twoA * twoB
    var clamped = result
    for i in 0..<8 where x[i] < -87.3 { clamped[i] = 0 }
    return clamped
}

/// e^x for one value, with the same accuracy and limits as the vector version.
@inline(__always)
func fastExp(_ x: Float) -> Float {
    fastExp(SIMD8(repeating: x))[0]
}
