/// Where a model's weights come from: tensors looked up by role, shape-checked, as views into storage the
/// source keeps alive (a mapped file) or owns.
protocol WeightSource: AnyObject {
    func contains(_ tensor: ModelTensor) -> Bool
    /// A `rows` × `columns` matrix (rows = output features), or a one-line error naming the file and tensor.
    func matrix(_ tensor: ModelTensor, rows: Int, columns: Int) throws -> QuantizedMatrix
    /// A vector widened to f32.
    func vector(_ tensor: ModelTensor, count: Int) throws -> [Float]
}

extension WeightSource {
    /// The vector when the source has it (or when `required`, so that its absence is an error), else nil.
    func vector(_ tensor: ModelTensor, count: Int, required: Bool) throws -> [Float]? {
        required || contains(tensor) ? try vector(tensor, count: count) : nil
    }
}

/// A norm, bias or gate vector holding NaN or ±∞ poisons every hidden state after it: refused at load with
/// the tensor's name (`fail` makes the format's error). Matrices are not scanned (gigabytes).
func finite(_ values: [Float], _ name: String, fail: (String) -> Error) throws -> [Float] {
    guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return values }
    throw fail("tensor '\(name)' holds \(values[bad]) at \(bad); weights must be finite")
}

extension QuantizedMatrix {
    /// One row of f32 values as an array (how norm and bias vectors are read).
    func rowArray(_ row: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: columns) { buffer, initialized in
            dequantizeRow(row, into: buffer.baseAddress!)
            initialized = columns
        }
    }
}
