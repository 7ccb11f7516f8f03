import COpenBLAS

/// Products of dense row-major f32 matrices on the calling thread (OpenBLAS sgemm), for callers that
/// split work across `WorkerPool` themselves and need results that do not depend on the thread count.
public enum DenseMatrix {
    /// C = op(A)·op(B) (+ C when `accumulate`), where op(A) is m × k, op(B) is k × n and C is m × n.
    /// `transposeA` / `transposeB`: A is stored k × m / B is stored n × k.
    public static func multiply(_ a: UnsafePointer<Float>, transposeA: Bool = false,
                                _ b: UnsafePointer<Float>, transposeB: Bool = false,
                                into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
                                accumulate: Bool = false) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { c.update(repeating: 0, count: m * n) }
            return
        }
        BLASThreads.useCallerThreadOnly()
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                    accumulate ? 1 : 0, c, Int32(n))
    }
}
