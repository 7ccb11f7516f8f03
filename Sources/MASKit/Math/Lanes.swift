// Lane-wise conversions and comparisons on SIMD8 values, written as plain element loops.
//
// The standard library's generic SIMD conversions (init(truncatingIfNeeded:), SIMD8<Float>(SIMD8<Int32>),
// pointwiseMin, replacing(with:where:)) are often left as out-of-line calls inside larger kernels, which
// costs ten times the arithmetic. These always-inlined loops are turned into single vector instructions
// (vpmovzxbd, vcvtdq2ps, vminps, ...) by LLVM's SLP vectoriser.

@inline(__always)
func widened(_ v: SIMD8<UInt8>) -> SIMD8<Int32> {
    var r = SIMD8<Int32>()
    for i in 0..<8 { r[i] = Int32(v[i]) }
    return r
}

@inline(__always)
func widened(_ v: SIMD8<Int8>) -> SIMD8<Int32> {
    var r = SIMD8<Int32>()
    for i in 0..<8 { r[i] = Int32(v[i]) }
    return r
}

@inline(__always)
func widened(_ v: SIMD8<UInt16>) -> SIMD8<UInt32> {
    var r = SIMD8<UInt32>()
    for i in 0..<8 { r[i] = UInt32(v[i]) }
    return r
}

@inline(__always)
func floats(_ v: SIMD8<Int32>) -> SIMD8<Float> {
    var r = SIMD8<Float>()
    for i in 0..<8 { r[i] = Float(v[i]) }
    return r
}

/// Truncates toward zero; lanes must be within Int32 range.
@inline(__always)
func integers(_ v: SIMD8<Float>) -> SIMD8<Int32> {
    var r = SIMD8<Int32>()
    for i in 0..<8 { r[i] = Int32(v[i]) }
    return r
}

@inline(__always)
func lanewiseMin(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    var r = SIMD8<Float>()
    for i in 0..<8 { r[i] = a[i] < b[i] ? a[i] : b[i] }
    return r
}

@inline(__always)
func lanewiseMax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    var r = SIMD8<Float>()
    for i in 0..<8 { r[i] = a[i] > b[i] ? a[i] : b[i] }
    return r
}

@inline(__always)
func bitPatterns(_ v: SIMD8<Float>) -> SIMD8<UInt32> { unsafeBitCast(v, to: SIMD8<UInt32>.self) }

@inline(__always)
func floats(bitPatterns v: SIMD8<UInt32>) -> SIMD8<Float> { unsafeBitCast(v, to: SIMD8<Float>.self) }
