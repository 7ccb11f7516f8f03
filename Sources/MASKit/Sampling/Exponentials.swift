/// exp and reductions over whole vocabularies. exp is Cody–Waite range reduction plus Cephes' degree-6
/// polynomial (about 1 ulp in float): being our own arithmetic, every machine gets the same weights — and so the
/// same draws for a seed — whatever its libm. Inputs below −87.3 (and NaN) give 0.
/// Reductions keep eight independent partial results so the optimiser can use vector lanes without reordering
/// a single float chain (which it may not do on its own); the order is fixed, so results are deterministic.
enum Exponentials {
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = x >= -87.3 ? min(x, 88.3) : 0  // NaN too; the result is replaced by 0 below
        // Round to nearest even by adding and removing 1.5·2^23 (|x·log2 e| < 2^22): inline, unlike rintf.
        let n = (clamped * 1.442_695_04 + 12_582_912) - 12_582_912
        let r = clamped - n * 0.693_359_375 - n * -2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_907e-3
        p = p * r + 4.166_579_589e-2
        p = p * r + 1.666_666_546e-1
        p = p * r + 5.000_000_12e-1
        let y = p * r * r + r + 1
        let value = y * Float(bitPattern: UInt32(bitPattern: (Int32(n) &+ 127) &<< 23))
        return x >= -87.3 ? value : 0
    }

    /// weights[i] = e^((values[i] − offset) · scale); returns their sum.
    @discardableResult
    static func fill(_ weights: UnsafeMutableBufferPointer<Float>, from values: UnsafeBufferPointer<Float>,
                     offset: Float, scale: Float) -> Double {
        // A plain map: the optimiser turns it into vector code.
        for i in 0..<values.count { weights[i] = exp((values[i] - offset) * scale) }
        return sum(UnsafeBufferPointer(weights))
    }

    /// Σ values, in float blocks of 512 accumulated in double.
    static func sum(_ values: UnsafeBufferPointer<Float>) -> Double {
        var total = 0.0
        var start = 0
        while start < values.count {
            let end = min(values.count, start + 512)
            total += Double(reduce(start..<end, from: 0, into: +) { values[$0] })
            start = end
        }
        return total
    }

    /// The largest value (−∞ for none); NaN is skipped.
    static func maximum(_ values: UnsafeBufferPointer<Float>) -> Float {
        reduce(0..<values.count, from: -.infinity, into: { a, b in b > a ? b : a }) { values[$0] }
    }

    /// combine(term(first), term(first + 1), …) with eight interleaved partial results, then those in order.
    @inline(__always)
    private static func reduce(_ range: Range<Int>, from initial: Float, into combine: (Float, Float) -> Float,
                               term: (Int) -> Float) -> Float {
        var p0 = initial, p1 = initial, p2 = initial, p3 = initial
        var p4 = initial, p5 = initial, p6 = initial, p7 = initial
        var i = range.lowerBound
        while i + 8 <= range.upperBound {
            p0 = combine(p0, term(i))
            p1 = combine(p1, term(i + 1))
            p2 = combine(p2, term(i + 2))
            p3 = combine(p3, term(i + 3))
            p4 = combine(p4, term(i + 4))
            p5 = combine(p5, term(i + 5))
            p6 = combine(p6, term(i + 6))
            p7 = combine(p7, term(i + 7))
            i += 8
        }
        while i < range.upperBound {
            p0 = combine(p0, term(i))
            i += 1
        }
        return combine(combine(combine(p0, p1), combine(p2, p3)), combine(combine(p4, p5), combine(p6, p7)))
    }
}
