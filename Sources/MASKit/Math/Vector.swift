/// Element-wise helpers on f32 buffers, eight lanes at a time. Outputs may alias inputs.
public enum Vector {
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            s0 = multiplyAdd(a.eight(i), b.eight(i), s0)
            s1 = multiplyAdd(a.eight(i + 8), b.eight(i + 8), s1)
            i += 16
        }
        var sum = (s0 + s1).sum()
        while i < count { sum += a[i] * b[i]; i += 1 }
        return sum
    }

    public static func sum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var s = SIMD8<Float>()
        var i = 0
        while i + 8 <= count { s += a.eight(i); i += 8 }
        var sum = s.sum()
        while i < count { sum += a[i]; i += 1 }
        return sum
    }

    public static func maximum(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var m = -Float.infinity
        var i = 0
        if count >= 8 {
            var v = a.eight(0)
            i = 8
            while i + 8 <= count { v = lanewiseMax(v, a.eight(i)); i += 8 }
            m = v.max()
        }
        while i < count { m = Swift.max(m, a[i]); i += 1 }
        return m
    }

    /// y += alpha · x
    public static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        let av = SIMD8<Float>(repeating: alpha)
        var i = 0
        while i + 8 <= count { y.storeEight(multiplyAdd(av, x.eight(i), UnsafePointer(y).eight(i)), at: i); i += 8 }
        while i < count { y[i] += alpha * x[i]; i += 1 }
    }

    /// x *= factor
    public static func scale(_ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int) {
        let fv = SIMD8<Float>(repeating: factor)
        var i = 0
        while i + 8 <= count { x.storeEight(UnsafePointer(x).eight(i) * fv, at: i); i += 8 }
        while i < count { x[i] *= factor; i += 1 }
    }

    /// out = a + b
    public static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
                           count: Int) {
        var i = 0
        while i + 8 <= count { out.storeEight(a.eight(i) + b.eight(i), at: i); i += 8 }
        while i < count { out[i] = a[i] + b[i]; i += 1 }
    }

    /// out = a ⊙ b
    public static func multiply(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                                into out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count { out.storeEight(a.eight(i) * b.eight(i), at: i); i += 8 }
        while i < count { out[i] = a[i] * b[i]; i += 1 }
    }

    /// The Euclidean norm, accumulated in f64.
    public static func norm(_ a: UnsafePointer<Float>, count: Int) -> Float {
        var s = 0.0
        for i in 0..<count { s += Double(a[i]) * Double(a[i]) }
        return Float(s.squareRoot())
    }
}
