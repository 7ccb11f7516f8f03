import Foundation

/// Causal grouped-query attention of one query head over the cached keys and values, in float32.
enum Attention {
    /// Writes head `head`'s attention output for a query at `position` over cached positions
    /// `first ... position` (first > 0 for a sliding window).
    ///
    /// - `query`: headCount × headDim; `keys`/`values`: position-major rows of kvHeadCount × headDim;
    ///   `scores`: scratch of at least position + 1 floats; `output`: headCount × headDim.
    static func attendFloat32(query: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                              head: Int, position: Int, first: Int, config: TransformerConfig,
                              scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let headDim = config.headDim
        let rowWidth = config.kvHeadCount * headDim
        let kvOffset = head / (config.headCount / config.kvHeadCount) * headDim
        let count = position - first + 1
        let q = query + head * headDim
        var maximum = -Float.infinity
        for j in 0..<count {
            let s = Vector.dot(q, keys + (first + j) * rowWidth + kvOffset, count: headDim) * config.attentionScale
            scores[j] = s
            maximum = max(maximum, s)
        }
        var total: Double = 0
        for j in 0..<count {
            let e = expf(scores[j] - maximum)
            scores[j] = e
            total += Double(e)
        }
        let inverse = Float(1 / total)
        for j in 0..<count { scores[j] *= inverse }
        weightedSum(of: values + first * rowWidth + kvOffset, stride: rowWidth, weights: scores, count: count,
                    width: headDim, into: output + head * headDim)
    }
    /// out = Σ_j weights[j] · rows[j] over `count` rows of `width` values, `stride` floats apart: the same
    /// additions in the same order as `Vector.axpy` of each row into a zeroed `out`, with 32 sums at a
    /// time kept in registers instead of being loaded and stored for every row.
    static func weightedSum(of rows: UnsafePointer<Float>, stride: Int, weights: UnsafePointer<Float>, count: Int,
                            width: Int, into out: UnsafeMutablePointer<Float>) {
        var d = 0
        while d + 32 <= width {
            var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
            var row = rows + d
            for j in 0..<count {
                let w = SIMD8<Float>(repeating: weights[j])
                s0 = multiplyAdd(w, row.eight(0), s0)
                s1 = multiplyAdd(w, row.eight(8), s1)
                s2 = multiplyAdd(w, row.eight(16), s2)
                s3 = multiplyAdd(w, row.eight(24), s3)
                row += stride
            }
            out.storeEight(s0, at: d); out.storeEight(s1, at: d + 8)
            out.storeEight(s2, at: d + 16); out.storeEight(s3, at: d + 24)
            d += 32
        }
        while d + 8 <= width {
            var s = SIMD8<Float>()
            for j in 0..<count { s = multiplyAdd(SIMD8(repeating: weights[j]), (rows + j * stride).eight(d), s) }
            out.storeEight(s, at: d)
            d += 8
        }
        while d < width {
            var s: Float = 0
            for j in 0..<count { s += weights[j] * rows[j * stride + d] }
            out[d] = s
            d += 1
        }
    }
}
