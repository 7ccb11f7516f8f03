/// An operation written once over a generic row kernel and run with the kernel of a runtime type.
protocol RowKernelOperation {
    associatedtype Result
    func run<Kernel: RowKernel>(_ kernel: Kernel.Type) -> Result
}

/// The same for operations that multiply f32 activations, which only the float types do.
protocol FloatRowKernelOperation {
    associatedtype Result
    func run<Kernel: FloatRowKernel>(_ kernel: Kernel.Type) -> Result
}

extension GGMLType {
    /// Whether MASKit can dequantise and multiply tensors of this type.
    public var hasKernels: Bool { rowKernel(Probe()) != nil }

    /// Runs `operation` specialised for this type's kernel; nil for types without kernels.
    func rowKernel<Operation: RowKernelOperation>(_ operation: Operation) -> Operation.Result? {
        switch self {
        case .f32: operation.run(F32Rows.self)
        case .f16: operation.run(F16Rows.self)
        case .bf16: operation.run(BF16Rows.self)
        case .q4_0: operation.run(Q4_0Rows.self)
        case .q4_1: operation.run(Q4_1Rows.self)
        case .q5_0: operation.run(Q5_0Rows.self)
        case .q5_1: operation.run(Q5_1Rows.self)
        case .q8_0: operation.run(Q8_0Rows.self)
        case .q4_K: operation.run(Q4_KRows.self)
        case .q5_K: operation.run(Q5_KRows.self)
        case .q6_K: operation.run(Q6_KRows.self)
        case .q8_1, .q2_K, .q3_K, .q8_K: nil
        }
    }

    /// Runs `operation` specialised for a float type's kernel; nil for the other types.
    func floatRowKernel<Operation: FloatRowKernelOperation>(_ operation: Operation) -> Operation.Result? {
        switch self {
        case .f32: operation.run(F32Rows.self)
        case .f16: operation.run(F16Rows.self)
        case .bf16: operation.run(BF16Rows.self)
        default: nil
        }
    }

    /// Dequantises `count` elements (whole blocks) starting at `source` into `destination`.
    public func dequantize(_ source: UnsafeRawPointer, count: Int,
                           into destination: UnsafeMutablePointer<Float>) throws(TensorError) {
        guard count >= 0, count % blockSize == 0 else { throw .rowLengthNotWholeBlocks(self, columns: count) }
        guard rowKernel(Dequantize(source: source, count: count, destination: destination)) != nil else {
            throw .unsupportedType(self)
        }
    }
}

private struct Probe: RowKernelOperation {
    func run<Kernel: RowKernel>(_ kernel: Kernel.Type) {}
}

struct Dequantize: RowKernelOperation {
    let source: UnsafeRawPointer
    let count: Int
    let destination: UnsafeMutablePointer<Float>

    func run<Kernel: RowKernel>(_ kernel: Kernel.Type) {
        Kernel.dequantize(source, count: count, into: destination)
    }
}
