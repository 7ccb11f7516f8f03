extension QuantizedMatrix {
    /// y = W·x: reads `columns` values of `x`, writes `rows` values of `y` (which must not overlap `x`).
    ///
    /// Each row is dequantised block by block in registers and multiplied with the f32 activations; rows
    /// are split across `pool`.
    public func matvec(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, pool: WorkerPool = .shared) {
        _ = type.rowKernel(MatrixVectorProduct(matrix: self, x: x, y: y, pool: pool))
    }
}

/// Sums of x over consecutive groups of 32 (the last group may be partial), which the kernels of types
/// with per-block offsets need.
func groupSums(_ x: UnsafePointer<Float>, count: Int, into sums: UnsafeMutablePointer<Float>) {
    for g in 0..<(count + 31) / 32 {
        sums[g] = Vector.sum(x + 32 * g, count: min(32, count - 32 * g))
    }
}

/// How a loop over rows is cut into tasks: small products run on one thread, larger ones in a few
/// tasks per participant so that a slow thread does not hold up the rest.
struct RowSplit {
    let rows: Int
    let tasks: Int
    let rowsPerTask: Int

    /// Below this many weights a dispatch costs more than it saves.
    static let minimumParallelWeights = 16_384

    init(rows: Int, columns: Int, threads: Int, granularity: Int = 1) {
        self.rows = rows
        let wanted = rows * columns < Self.minimumParallelWeights ? 1 : threads * 4
        let perTask = (rows + wanted - 1) / wanted
        rowsPerTask = max(granularity, (perTask + granularity - 1) / granularity * granularity)
        tasks = (rows + rowsPerTask - 1) / rowsPerTask
    }

    func range(_ task: Int) -> Range<Int> {
        task * rowsPerTask ..< min(rows, (task + 1) * rowsPerTask)
    }
}

struct MatrixVectorProduct: RowKernelOperation {
    let matrix: QuantizedMatrix
    let x: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
    let pool: WorkerPool

    func run<Kernel: RowKernel>(_ kernel: Kernel.Type) {
        let columns = matrix.columns
        withUnsafeTemporaryAllocation(of: Float.self, capacity: (columns + 31) / 32) { buffer in
            let sums = buffer.baseAddress!
            groupSums(x, count: columns, into: sums)
            let split = RowSplit(rows: matrix.rows, columns: columns, threads: pool.threadCount)
            pool.parallelFor(taskCount: split.tasks) { task, _ in
                for row in split.range(task) {
                    y[row] = Kernel.dot(matrix.rowPointer(row), x, groupSums: sums, count: columns)
                }
            }
        }
    }
}
