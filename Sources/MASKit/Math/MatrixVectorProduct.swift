import CKernels

extension QuantizedMatrix {
    /// y = W·x: reads `columns` values of `x`, writes `rows` values of `y` (which must not overlap `x`).
    ///
    /// Quantised types work as llama.cpp does: x is quantised once to the type's 8-bit
    /// `activationFormat`, then each row is multiplied with it in integer arithmetic. bf16 rows take x
    /// split into bf16 parts (bf16 dot products); f32 and f16 rows multiply f32 values. Rows are split
    /// across `pool`.
    public func matvec(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, pool: WorkerPool = .shared) {
        if let format = type.activationFormat {
            IntegerProduct(parts: [(ProductPart(matrix: self, output: y), format)]).run(x, count: 1, pool: pool)
        } else {
            _ = type.floatRowKernel(MatrixVectorProduct(matrix: self, x: x, y: y, pool: pool))
        }
    }
}

/// One matrix of a product of several matrices with the same input, and where its result goes.
struct ProductPart {
    let matrix: QuantizedMatrix
    let output: UnsafeMutablePointer<Float>
}

extension QuantizedMatrix {
    /// `part.output = X·part.matrixᵀ` for every part (as `matmul`), all of the same `count` × columns
    /// input X. Matrices with integer kernels run together as one job of the pool, with X quantised once
    /// per activation format: a decode step then waits for the pool once for a layer's query, key and
    /// value (or gate and up) instead of once per matrix.
    static func matmul(_ parts: [ProductPart], x: UnsafePointer<Float>, count: Int, pool: WorkerPool) {
        guard count > 0 else { return }
        let integer = parts.compactMap { part in part.matrix.type.activationFormat.map { (part, $0) } }
        if !integer.isEmpty { IntegerProduct(parts: integer).run(x, count: count, pool: pool) }
        for part in parts where part.matrix.type.activationFormat == nil {
            part.matrix.matmul(x, count: count, into: part.output, pool: pool)
        }
    }
}

/// Y = X·Wᵀ with the C kernels (integer, and bf16) for one or more matrices W of the same input: the
/// `count` rows of X are converted once per activation format, then the row ranges of every W are spread over the pool as
/// one job, each task multiplying its rows with every quantised activation.
struct IntegerProduct {
    /// The matrices and their types' `activationFormat`s; all have `columns` columns.
    let parts: [(part: ProductPart, format: ActivationFormat)]
    var instructionSet = KernelInstructionSet.best

    func run(_ x: UnsafePointer<Float>, count: Int, pool: WorkerPool) {
        // Where each part's quantised activations are: one region per distinct format.
        var formats: [ActivationFormat] = [], regionOffsets: [Int] = [], partRegions: [Int] = []
        var bytes = 0
        for (part, format) in parts {
            if let region = formats.firstIndex(of: format) {
                partRegions.append(region)
            } else {
                partRegions.append(formats.count)
                formats.append(format)
                regionOffsets.append(bytes)
                bytes += format.byteCount(elements: part.matrix.columns) * count
            }
        }
        let columns = parts[0].part.matrix.columns
        let splits = parts.map { RowSplit(rows: $0.part.matrix.rows, columns: columns * count, threads: pool.threadCount) }
        var firstTasks = [0]
        for split in splits { firstTasks.append(firstTasks[firstTasks.count - 1] + split.tasks) }
        withUnsafeTemporaryAllocation(byteCount: bytes, alignment: 64) { buffer in
            let base = buffer.baseAddress!
            for (region, format) in formats.enumerated() {
                let stride = format.byteCount(elements: columns)
                for i in 0..<count {
                    format.quantize(x + i * columns, count: columns, into: base + regionOffsets[region] + i * stride,
                                    instructionSet: instructionSet)
                }
            }
            pool.parallelFor(taskCount: firstTasks[parts.count]) { task, _ in
                var index = 0
                while task >= firstTasks[index + 1] { index += 1 }
                let matrix = parts[index].part.matrix
                let range = splits[index].range(task - firstTasks[index])
                ck_dot_rows(matrix.type.rawValue, parts[index].format.format, instructionSet.isa,
                            matrix.rowPointer(range.lowerBound),
                            matrix.rowStride, Int64(range.count), Int64(columns),
                            base + regionOffsets[partRegions[index]], Int64(count),
                            parts[index].part.output + range.lowerBound, Int64(matrix.rows))
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
