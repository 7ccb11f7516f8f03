import CKernels

extension QuantizedMatrix {
    /// y = W·x: reads `columns` values of `x`, writes `rows` values of `y` (which must not overlap `x`).
    ///
    /// Quantised types work as llama.cpp does: x is quantised once to the type's 8-bit
    /// `activationFormat`, then each row is multiplied with it in integer arithmetic. Float types
    /// multiply f32 values. Rows are split across `pool`.
    public func matvec(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, pool: WorkerPool = .shared) {
        if let format = type.activationFormat {
            IntegerProduct(matrix: self, format: format).run(x, count: 1, into: y, pool: pool)
        } else {
            _ = type.floatRowKernel(MatrixVectorProduct(matrix: self, x: x, y: y, pool: pool))
        }
    }
}

/// Y = X·Wᵀ with the integer kernels: the `count` rows of X are quantised, then row ranges of W are
/// spread over the pool, each task multiplying its rows with every quantised activation.
struct IntegerProduct {
    let matrix: QuantizedMatrix
    let format: ActivationFormat
    var instructionSet = KernelInstructionSet.best

    func run(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>, pool: WorkerPool) {
        let columns = matrix.columns, rows = matrix.rows
        let stride = format.byteCount(elements: columns)
        withUnsafeTemporaryAllocation(byteCount: stride * count, alignment: 64) { buffer in
            let activations = buffer.baseAddress!
            for i in 0..<count {
                format.quantize(x + i * columns, count: columns, into: activations + i * stride,
                                instructionSet: instructionSet)
            }
            let split = RowSplit(rows: rows, columns: columns * count, threads: pool.threadCount)
            pool.parallelFor(taskCount: split.tasks) { task, _ in
                let range = split.range(task)
                ck_dot_rows(matrix.type.rawValue, instructionSet.isa, matrix.rowPointer(range.lowerBound),
                            matrix.rowStride, Int64(range.count), Int64(columns), activations, Int64(count),
                            y + range.lowerBound, Int64(rows))
            }
        }
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

struct MatrixVectorProduct: FloatRowKernelOperation {
    let matrix: QuantizedMatrix
    let x: UnsafePointer<Float>
    let y: UnsafeMutablePointer<Float>
    let pool: WorkerPool

    func run<Kernel: FloatRowKernel>(_ kernel: Kernel.Type) {
        let split = RowSplit(rows: matrix.rows, columns: matrix.columns, threads: pool.threadCount)
        pool.parallelFor(taskCount: split.tasks) { task, _ in
            for row in split.range(task) {
                y[row] = Kernel.dot(matrix.rowPointer(row), x, count: matrix.columns)
            }
        }
    }
}
