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

extension QuantizedMatrix {
    /// One row of f32 values as an array (how norm and bias vectors are read).
    func rowArray(_ row: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: columns) { buffer, initialized in
            dequantizeRow(row, into: buffer.baseAddress!)
            initialized = columns
        }
    }
}
