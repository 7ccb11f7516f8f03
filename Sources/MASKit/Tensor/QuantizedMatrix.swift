/// A read-only view of a 2-D weight tensor in ggml layout: `rows` rows of `columns` elements of `type`,
/// row r starting `r · rowStride` bytes after `base` (usually memory-mapped model weights).
///
/// The memory must stay valid and unchanged while the view is used; the view never copies it. In ggml's
/// shape terms, `columns` is ne[0] (the input size of a linear layer) and `rows` is ne[1] (its output size).
public struct QuantizedMatrix: @unchecked Sendable {
    public let type: GGMLType
    public let rows: Int
    public let columns: Int
    public let base: UnsafeRawPointer
    public let rowStride: Int

    /// Validates the geometry: a type with kernels, whole blocks per row, and rows that do not overlap.
    /// `rowStride` defaults to the packed row size.
    public init(type: GGMLType, rows: Int, columns: Int, base: UnsafeRawPointer,
                rowStride: Int? = nil) throws(TensorError) {
        guard type.hasKernels else { throw .unsupportedType(type) }
        guard rows > 0, columns > 0 else { throw .invalidShape(rows: rows, columns: columns) }
        guard let rowBytes = type.byteCount(elements: columns) else {
            throw .rowLengthNotWholeBlocks(type, columns: columns)
        }
        let stride = rowStride ?? rowBytes
        guard stride >= rowBytes else { throw .rowStrideTooSmall(type, columns: columns, stride: stride) }
        self.type = type
        self.rows = rows
        self.columns = columns
        self.base = base
        self.rowStride = stride
    }

    /// Bytes of one packed row.
    public var rowBytes: Int { columns / type.blockSize * type.blockBytes }

    /// The start of row `row`.
    public func rowPointer(_ row: Int) -> UnsafeRawPointer { base + row * rowStride }

    /// Writes the `columns` values of row `row` (0 ≤ row < rows) to `destination`, e.g. a token embedding.
    public func dequantizeRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < rows, "row \(row) out of 0..<\(rows)")
        _ = type.rowKernel(Dequantize(source: rowPointer(row), count: columns, destination: destination))
    }

    /// Writes rows `range` (row-major, `columns` values each) to `destination`.
    public func dequantizeRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Float>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "rows \(range) out of 0..<\(rows)")
        type.rowKernel(DequantizeRows(matrix: self, range: range, destination: destination))
    }
}

struct DequantizeRows: RowKernelOperation {
    let matrix: QuantizedMatrix
    let range: Range<Int>
    let destination: UnsafeMutablePointer<Float>

    func run<Kernel: RowKernel>(_ kernel: Kernel.Type) {
        for (i, row) in range.enumerated() {
            Kernel.dequantize(matrix.rowPointer(row), count: matrix.columns, into: destination + i * matrix.columns)
        }
    }
}
