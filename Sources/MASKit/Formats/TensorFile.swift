/// Name, element type and shape of one tensor stored in a weight file.
public struct TensorInfo: Sendable, Equatable {
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]

    public init(name: String, dtype: TensorDType, shape: [Int]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
    }

    public var elementCount: Int { shape.reduce(1, *) }

    /// Product of the dimensions, or nil for a negative dimension or an overflowing product.
    static func elementCount(of shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}

/// A file of named tensors, read without executing anything: safetensors or a PyTorch checkpoint.
public protocol TensorFile: Sendable {
    /// The path the file was opened from, as named in errors.
    var path: String { get }
    /// Tensor names in file order.
    var tensorNames: [String] { get }
    /// Element type and shape of a tensor, or nil when there is no tensor of that name.
    func info(named name: String) -> TensorInfo?
    /// The tensor's elements widened to Float, row-major.
    func floats(named name: String) throws -> [Float]
    /// The tensor's stored bytes (little-endian, row-major), without copying.
    func withRawBytes<R>(named name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R
}

extension TensorFile {
    func missingTensor(_ name: String) -> FileFormatError {
        FileFormatError(file: path, problem: "no tensor named '\(name)'")
    }
}
