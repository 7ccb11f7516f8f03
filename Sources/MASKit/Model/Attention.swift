import Foundation

/// Causal grouped-query attention of one query position over the cached keys and values.
enum Attention {
    /// Writes the attention output of every query head for a query at `position`.
    ///
    /// - `query`: headCount × headDim; `keys`/`values`: position-major rows of kvHeadCount × headDim;
    ///   positions `first ... position` are attended (first > 0 for a sliding window);
    ///   `scores`: scratch of at least position + 1 floats per call site (one head at a time).
    static func attend(query: UnsafePointer<Float>, keys: UnsafePointer<Float>, values: UnsafePointer<Float>,
                       heads: Range<Int>, position: Int, first: Int, config: TransformerConfig,
                       scores: UnsafeMutablePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let headDim = config.headDim
        let rowWidth = config.kvHeadCount * headDim
        let group = config.headCount / config.kvHeadCount
        let count = position - first + 1
        for head in heads {
            let q = query + head * headDim
            let kvOffset = (head / group) * headDim
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
            let out = output + head * headDim
            out.update(repeating: 0, count: headDim)
            let inverse = Float(1 / total)
            for j in 0..<count {
                // llama.cpp multiplies the f16 value cache with the probabilities rounded to f16.
                let p = config.numerics == .llamaCpp ? Float(Float16(scores[j] * inverse)) : scores[j] * inverse
                Vector.axpy(p, values + (first + j) * rowWidth + kvOffset, out, count: headDim)
            }
        }
    }
}
