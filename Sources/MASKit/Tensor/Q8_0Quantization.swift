import Foundation

extension QuantizedMatrix {
    /// A Q8_0 copy of this matrix in a new allocation (which the returned `OwnedBytes` keeps alive), or nil
    /// when a row is not whole 32-element blocks. Per block: d = max|x| / 127 stored as f16, q = round(x / d),
    /// as ggml quantises. Rows are split across `pool`.
    func quantizedToQ8_0(pool: WorkerPool) -> (matrix: QuantizedMatrix, storage: OwnedBytes)? {
        let type = GGMLType.q8_0
        guard columns % type.blockSize == 0, let rowBytes = type.byteCount(elements: columns) else { return nil }
        let storage = OwnedBytes(count: rows * rowBytes)
        let split = RowSplit(rows: rows, columns: columns, threads: pool.threadCount)
        pool.parallelFor(taskCount: split.tasks) { task, _ in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: columns) { row in
                for r in split.range(task) {
                    dequantizeRow(r, into: row.baseAddress!)
                    Self.quantizeQ8_0(row.baseAddress!, count: columns, into: storage.base + r * rowBytes)
                }
            }
        }
        guard let matrix = try? QuantizedMatrix(type: type, rows: rows, columns: columns, base: storage.base) else {
            return nil
        }
        return (matrix, storage)
    }

    /// Writes `count` / 32 Q8_0 blocks (f16 scale, 32 signed bytes) for `x`.
    static func quantizeQ8_0(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutableRawPointer) {
        let blockBytes = GGMLType.q8_0.blockBytes
        for block in 0..<count / 32 {
            let values = x + 32 * block
            let destination = out + block * blockBytes
            var maximum: Float = 0
            for i in 0..<32 { maximum = max(maximum, abs(values[i])) }
            let d = maximum / 127
            let inverse = d == 0 ? 0 : 1 / d
            destination.storeBytes(of: HalfPrecision.half(from: d).littleEndian, as: UInt16.self)
            for i in 0..<32 {
                let q = (values[i] * inverse).rounded()
                let clamped = q.isNaN ? 0 : min(127, max(-127, q))  // non-finite weights must not trap
                destination.storeBytes(of: Int8(clamped), toByteOffset: 2 + i, as: Int8.self)
            }
        }
    }
}
