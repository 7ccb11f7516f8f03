import CKernels
import Foundation

/// Causal grouped-query attention of one query position over the cached keys and values.
enum Attention {
    /// Writes the attention output of every query head for a query at `position`.
    ///
    /// - `query`: headCount × headDim; `keys`/`values`: position-major rows of kvHeadCount × headDim, f16
    ///   for llama.cpp's numerics and f32 otherwise;
    ///   positions `first ... position` are attended (first > 0 for a sliding window);
    ///   `batched`: whether the query is one of several positions run together (llama.cpp orders its
    ///   sums differently then);
    ///   `scores`: scratch of at least position + 8 floats, `lanes` of 32 × headDim floats.
    static func attend(query: UnsafePointer<Float>, keys: UnsafeRawPointer, values: UnsafeRawPointer,
                       heads: Range<Int>, position: Int, first: Int, batched: Bool, config: TransformerConfig,
                       scores: UnsafeMutablePointer<Float>, lanes: UnsafeMutablePointer<Float>,
                       output: UnsafeMutablePointer<Float>) {
        let headDim = config.headDim
        let rowWidth = config.kvHeadCount * headDim
        let group = config.headCount / config.kvHeadCount
        let count = position - first + 1
        for head in heads {
            let q = query + head * headDim
            let kvOffset = (head / group) * headDim
            if config.numerics == .llamaCpp {
                let keys = keys.assumingMemoryBound(to: UInt16.self), values = values.assumingMemoryBound(to: UInt16.self)
                ck_attend_head(KernelInstructionSet.best.isa, q, keys + kvOffset, values + kvOffset, rowWidth,
                               Int64(headDim), Int64(first), Int64(position),
                               config.scalesQueries ? 1 : config.attentionScale,
                               batched ? 1 : 0, scores, lanes, output + head * headDim)
                continue
            }
            let keys = keys.assumingMemoryBound(to: Float.self), values = values.assumingMemoryBound(to: Float.self)
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
