import CKernels

/// The 8-bit formats activation vectors are quantised to before integer dot products with quantised
/// weights; each weight type has one (`GGMLType.activationFormat`), as in llama.cpp.
///
/// Q8_0 and Q8_1 use blocks of 32 with an f16 scale (Q8_1 also keeps f16(scale·Σq) for the weights'
/// minimums); Q8_K uses blocks of 256 with an f32 scale and the sums of each 16 quants.
public enum ActivationFormat: Sendable, CaseIterable, CustomStringConvertible {
    case q8_0, q8_1, q8_K

    /// Elements per block.
    public var blockSize: Int { Int(ck_activation_block_size(format)) }

    /// Bytes of a quantised vector of `count` elements (a whole number of blocks).
    func byteCount(elements count: Int) -> Int { ck_activation_bytes(format, Int64(count)) }

    public var description: String {
        switch self {
        case .q8_0: "Q8_0"
        case .q8_1: "Q8_1"
        case .q8_K: "Q8_K"
        }
    }

    var format: ck_activation_format {
        switch self {
        case .q8_0: CK_ACTIVATION_Q8_0
        case .q8_1: CK_ACTIVATION_Q8_1
        case .q8_K: CK_ACTIVATION_Q8_K
        }
    }

    /// Quantises `count` values of `x` into `destination` (`byteCount(elements: count)` bytes).
    func quantize(_ x: UnsafePointer<Float>, count: Int, into destination: UnsafeMutableRawPointer,
                  instructionSet: KernelInstructionSet = .best) {
        ck_quantize(format, instructionSet.isa, x, Int64(count), destination)
    }
}

extension GGMLType {
    /// The format activations are quantised to for this weight type's integer kernels; nil for the
    /// float types, which multiply f32 activations.
    public var activationFormat: ActivationFormat? {
        switch ck_activation_format_for(rawValue) {
        case CK_ACTIVATION_Q8_0: .q8_0
        case CK_ACTIVATION_Q8_1: .q8_1
        case CK_ACTIVATION_Q8_K: .q8_K
        default: nil
        }
    }
}

/// One activation vector quantised to an `ActivationFormat`, with its parts readable (for tests and
/// tools; the mat-vec kernels quantise into scratch memory instead).
public struct QuantizedActivation: Sendable {
    public let format: ActivationFormat
    /// Elements.
    public let count: Int
    let storage: [UInt8]

    /// Quantises `values`, whose count must be a whole number of the format's blocks.
    public init(_ values: [Float], format: ActivationFormat,
                instructionSet: KernelInstructionSet = .best) throws(TensorError) {
        guard values.count > 0, values.count % format.blockSize == 0 else {
            throw .activationLengthNotWholeBlocks(format, count: values.count)
        }
        precondition(instructionSet.isAvailable, "\(instructionSet) kernels do not run on this CPU")
        self.format = format
        count = values.count
        storage = [UInt8](unsafeUninitializedCapacity: format.byteCount(elements: values.count)) { bytes, initialized in
            format.quantize(values, count: values.count, into: bytes.baseAddress!, instructionSet: instructionSet)
            initialized = bytes.count
        }
    }

    /// The signed 8-bit quants, one per element.
    public var quants: [Int8] { part(at: 0, count: count) }

    /// One scale per block: element i is `scales[i / blockSize] · quants[i]`.
    public var scales: [Float] { part(at: count, count: count / format.blockSize) }

    /// Q8_1: per block, f16(scale · Σ quants), the value that multiplies a weight block's minimum.
    /// Empty for the other formats.
    public var blockSums: [Float] {
        format == .q8_1 ? part(at: count + 4 * (count / 32), count: count / 32) : []
    }

    /// Q8_K: the sums of each 16 consecutive quants. Empty for the other formats.
    public var sixteenSums: [Int16] {
        format == .q8_K ? part(at: count + 4 * (count / 256), count: count / 16) : []
    }

    private func part<T>(at offset: Int, count: Int) -> [T] {
        storage.withUnsafeBytes { raw in
            (0..<count).map { raw.loadUnaligned(fromByteOffset: offset + $0 * MemoryLayout<T>.stride, as: T.self) }
        }
    }
}

extension QuantizedMatrix {
    /// Row `row` · `activation` with the integer kernels, as `matvec` computes it for this type. The
    /// activation must be in this type's `activationFormat` and have `columns` elements.
    public func dot(row: Int, _ activation: QuantizedActivation,
                    instructionSet: KernelInstructionSet = .best) -> Float {
        precondition(row >= 0 && row < rows, "row \(row) out of 0..<\(rows)")
        precondition(activation.format == type.activationFormat && activation.count == columns,
                     "a \(activation.format) activation of \(activation.count) elements does not fit \(type) rows of \(columns)")
        precondition(instructionSet.isAvailable, "\(instructionSet) kernels do not run on this CPU")
        var result: Float = 0
        activation.storage.withUnsafeBytes { raw in
            ck_dot_rows(type.rawValue, instructionSet.isa, rowPointer(row), rowStride, 1, Int64(columns),
                        raw.baseAddress, 1, &result, 0)
        }
        return result
    }
}
