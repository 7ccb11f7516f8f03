import COpenBLAS

extension QuantizedMatrix {
    /// Y = X·Wᵀ for `count` activation vectors: X is `count` × `columns` and Y is `count` × `rows`, both
    /// row-major (row i of Y is `matvec` of row i of X). Y must not overlap X.
    ///
    /// Quantised types run the integer kernels: the rows of X are quantised once and every weight row is
    /// unpacked once per group of activations (measured faster than f32 tiles and sgemm, and it is what
    /// llama.cpp computes). Float types run the mat-vec kernels per vector for small batches; larger ones
    /// convert tiles of W to f32 (one tile per thread at a time) and multiply them with single-threaded
    /// OpenBLAS.
    public func matmul(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>,
                       pool: WorkerPool = .shared) {
        guard count > 0 else { return }
        if let format = type.activationFormat {
            IntegerProduct(parts: [(ProductPart(matrix: self, output: y), format)]).run(x, count: count, pool: pool)
        } else if count < Self.blasMinimumBatch {
            for i in 0..<count { matvec(x + i * columns, into: y + i * rows, pool: pool) }
        } else {
            type.rowKernel(TiledMatrixProduct(matrix: self, x: x, count: count, y: y, pool: pool))
        }
    }

    /// The batch size from which f32 tiles and sgemm beat repeated f32 mat-vecs (measured with
    /// `KernelBenchmark`).
    static let blasMinimumBatch = 4
}

struct TiledMatrixProduct: RowKernelOperation {
    let matrix: QuantizedMatrix
    let x: UnsafePointer<Float>
    let count: Int
    let y: UnsafeMutablePointer<Float>
    let pool: WorkerPool

    /// Rows per dequantised tile.
    static let tileRows = 64

    func run<Kernel: RowKernel>(_ kernel: Kernel.Type) {
        BLASThreads.useCallerThreadOnly()
        let columns = matrix.columns, rows = matrix.rows
        let split = RowSplit(rows: rows, columns: columns * count, threads: pool.threadCount, granularity: 8)
        let tileRows = min(Self.tileRows, split.rowsPerTask)
        let scratchPerThread = tileRows * columns
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchPerThread * pool.threadCount)
        defer { scratch.deallocate() }
        pool.parallelFor(taskCount: split.tasks) { task, participant in
            let tile = scratch + participant * scratchPerThread
            var start = split.range(task).lowerBound
            let end = split.range(task).upperBound
            while start < end {
                let n = min(tileRows, end - start)
                for r in 0..<n {
                    Kernel.dequantize(matrix.rowPointer(start + r), count: columns, into: tile + r * columns)
                }
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(n), Int32(columns),
                            1, x, Int32(columns), tile, Int32(columns), 0, y + start, Int32(rows))
                start += n
            }
        }
    }
}

/// OpenBLAS must not start its own threads under ours: all parallelism goes through `WorkerPool`.
enum BLASThreads {
    private static let configured: Void = openblas_set_num_threads(1)

    static func useCallerThreadOnly() { configured }
}
