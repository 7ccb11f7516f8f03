import CKernels

/// The formats activation vectors are converted to before the kernels multiply them with weights; each
/// weight type with kernels has one (`GGMLType.activationFormat`).
///
/// Quantised weights take 8-bit activations, as in llama.cpp: Q8_0 and Q8_1 use blocks of 32 with an f16
/// scale (Q8_1 also keeps f16(scale·Σq) for the weights' minimums); Q8_K uses blocks of 256 with an f32
/// scale and the sums of each 16 quants. bf16 weights take bf16 activations: `bf16Pair` (the default)
/// splits each value into two bf16 parts, x ≈ high + low, which keeps about 16 of f32's 24 bits, so
/// results stay within float-reference tolerances at the speed of bf16 dot products (vdpbf16ps); `bf16`
/// rounds to one part, llama.cpp's arithmetic for bf16 weights (twice as fast, 8 bits).
public enum ActivationFormat: Sendable, CaseIterable, CustomStringConvertible {
    case q8_0, q8_1, q8_K, bf16Pair, bf16

    /// Elements per block.
    public var blockSize: Int { Int(ck_activation_block_size(format)) }

    /// Bytes of a quantised vector of `count` elements (a whole number of blocks).
    func byteCount(elements count: Int) -> Int { ck_activation_bytes(format, Int64(count)) }

    public var description: String {
        switch self {
        case .q8_0: "Q8_0"
        case .q8_1: "Q8_1"
        case .q8_K: "Q8_K"
        case .bf16Pair: "bf16 pair"
        case .bf16: "bf16"
        }
    }

    /// Whether the format holds 8-bit quants (the others hold bf16 parts).
    public var isInteger: Bool { blockSize > 1 }

    var format: ck_activation_format {
        switch self {
        case .q8_0: CK_ACTIVATION_Q8_0
        case .q8_1: CK_ACTIVATION_Q8_1
        case .q8_K: CK_ACTIVATION_Q8_K
        case .bf16Pair: CK_ACTIVATION_BF16_PAIR
        case .bf16: CK_ACTIVATION_BF16
        }
    }

    /// Quantises `count` values of `x` into `destination` (`byteCount(elements: count)` bytes).
    func quantize(_ x: UnsafePointer<Float>, count: Int, into destination: UnsafeMutableRawPointer,
                  instructionSet: KernelInstructionSet = .best) {
        ck_quantize(format, instructionSet.isa, x, Int64(count), destination)
    }
}

extension GGMLType {
    /// The format activations are converted to for this weight type's kernels; nil for f32 and f16,
    /// which multiply f32 activations.
    public var activationFormat: ActivationFormat? {
        switch ck_activation_format_for(rawValue) {
        case CK_ACTIVATION_Q8_0: .q8_0
        case CK_ACTIVATION_Q8_1: .q8_1
        case CK_ACTIVATION_Q8_K: .q8_K
        case CK_ACTIVATION_BF16_PAIR: .bf16Pair
        default: nil
        }
    }

    /// Whether `format` can multiply this type's rows: its own format, and for bf16 either bf16 format.
    public func accepts(_ format: ActivationFormat) -> Bool {
        format == activationFormat || (self == .bf16 && !format.isInteger)
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

    /// The signed 8-bit quants, one per element (empty for the bf16 formats).
    public var quants: [Int8] { format.isInteger ? part(at: 0, count: count) : [] }

    /// One scale per block: element i is `scales[i / blockSize] · quants[i]` (empty for the bf16 formats).
    public var scales: [Float] { format.isInteger ? part(at: count, count: count / format.blockSize) : [] }

    /// The bf16 formats: each element's value, high + low (high alone for `bf16`), exactly. Empty for the
    /// 8-bit formats.
    public var bf16Values: [Float] {
        guard !format.isInteger else { return [] }
        let high: [UInt16] = part(at: 0, count: count)
        let low: [UInt16] = format == .bf16Pair ? part(at: 2 * count, count: count) : []
        return (0..<count).map { i in
            HalfPrecision.float(fromBFloat16: high[i]) + (low.isEmpty ? 0 : HalfPrecision.float(fromBFloat16: low[i]))
        }
    }

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
        precondition(type.accepts(activation.format) && activation.count == columns,
                     "a \(activation.format) activation of \(activation.count) elements does not fit \(type) rows of \(columns)")
        precondition(instructionSet.isAvailable, "\(instructionSet) kernels do not run on this CPU")
        var result: Float = 0
        activation.storage.withUnsafeBytes { raw in
            ck_dot_rows(type.rawValue, activation.format.format, instructionSet.isa, rowPointer(row), rowStride, 1, Int64(columns),
                        raw.baseAddress, 1, &result, 0)
        }
        return result
    }
}

extension QuantizedMatrix {
    /// Every row · every activation in one call of the kernels' row loop on the calling thread, as a batch
    /// of `activations.count` tokens is multiplied (the grouping, row pairing and, for K-quants, the batch's
    /// order of sums): result[a][r] = row r · activations[a]. For tests and benchmarks of each version.
    public func products(_ activations: [QuantizedActivation],
                         instructionSet: KernelInstructionSet = .best) -> [[Float]] {
        guard let format = activations.first?.format else { return [] }
        precondition(activations.allSatisfy { $0.format == format && $0.count == columns } && type.accepts(format),
                     "activations must share one format that fits \(type) rows of \(columns)")
        precondition(instructionSet.isAvailable, "\(instructionSet) kernels do not run on this CPU")
        let packed = activations.flatMap(\.storage)
        var y = [Float](repeating: .nan, count: rows * activations.count)
        packed.withUnsafeBytes { raw in
            y.withUnsafeMutableBufferPointer { out in
                ck_dot_rows(type.rawValue, format.format, instructionSet.isa, base, rowStride, Int64(rows),
                            Int64(columns), raw.baseAddress, Int64(activations.count), out.baseAddress, Int64(rows))
            }
        }
        return (0..<activations.count).map { Array(y[$0 * rows ..< ($0 + 1) * rows]) }
    }
}
