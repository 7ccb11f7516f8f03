import Foundation
import MASKit
import Testing

/// Every kernel version this CPU runs (scalar, AVX2, AVX-VNNI, AVX-512) on every type with kernels, at
/// sizes that are not multiples of anything the kernels group by: 1 to 11 blocks per row, 1 to 33 rows
/// (odd counts leave the last AVX-512 row pair half empty), padded row strides, and batches of 1 to 17
/// activations (partial groups of 8, Q4_K's batches of 4 and the rest, Q6_K's batches of 8 or more).
@Suite struct KernelVersionTests {
    static let instructionSets = KernelInstructionSet.allCases.filter(\.isAvailable)
    static let integerTypes: [GGMLType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K]
    static let rowCounts = [1, 2, 3, 7, 33]
    static let activationCounts = [1, 2, 4, 5, 8, 9, 12, 17]

    /// Random blocks of `type` whose f16 scales are sane (random bytes there could be infinities or NaNs).
    static func randomRows(_ type: GGMLType, rows: Int, columns: Int, stride: Int,
                           using random: inout SeededRandom) -> [UInt8] {
        var bytes = (0..<rows * stride).map { _ in UInt8.random(in: 0...255, using: &random) }
        let scaleOffsets: [Int] = switch type {
        case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
        case .q6_K: [208]
        default: [0]
        }
        for r in 0..<rows {
            for b in 0..<columns / type.blockSize {
                for offset in scaleOffsets {
                    let scale = HalfPrecision.half(from: Float.random(in: -0.02...0.02, using: &random))
                    let at = r * stride + b * type.blockBytes + offset
                    bytes[at] = UInt8(scale & 0xff)
                    bytes[at + 1] = UInt8(scale >> 8)
                }
            }
        }
        return bytes
    }

    /// Activations whose magnitudes vary by block, as real ones do.
    static func randomActivations(count: Int, columns: Int, format: ActivationFormat,
                                  using random: inout SeededRandom) throws -> [QuantizedActivation] {
        try (0..<count).map { a in
            let x = (0..<columns).map { i in Float.random(in: -1...1, using: &random) * Float(1 + (i / 32 + a) % 5) }
            return try QuantizedActivation(x, format: format, instructionSet: .scalar)
        }
    }

    /// Σ|w·a| of one row and activation, the scale of f32 rounding in their product.
    static func magnitude(_ weights: ArraySlice<Float>, _ activation: QuantizedActivation) -> Double {
        let values = activation.format.isInteger
            ? zip(activation.quants, 0...).map { q, i in Float(q) * activation.scales[i / activation.format.blockSize] }
            : activation.bf16Values
        return zip(weights, values).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
    }

    /// The SIMD versions give the AVX2 version's results bit for bit (its order of sums is llama.cpp's, which
    /// the parity tests check end to end), and all are within f32 rounding of the scalar reference.
    @Test(arguments: integerTypes)
    func integerVersionsAgree(type: GGMLType) throws {
        let format = try #require(type.activationFormat)
        var random = SeededRandom(seed: 40 + UInt64(type.rawValue))
        for blocks in [1, 3, 11] {
            let columns = blocks * type.blockSize
            for (index, rows) in Self.rowCounts.enumerated() {
                let rowBytes = blocks * type.blockBytes
                let stride = index % 2 == 0 ? rowBytes : rowBytes + 6
                let bytes = Self.randomRows(type, rows: rows, columns: columns, stride: stride, using: &random)
                let count = Self.activationCounts[(blocks + index) % Self.activationCounts.count]
                let activations = try Self.randomActivations(count: count, columns: columns, format: format, using: &random)
                try bytes.withUnsafeBytes { raw in
                    let matrix = try QuantizedMatrix(type: type, rows: rows, columns: columns, base: raw.baseAddress!,
                                                     rowStride: stride)
                    var weights = [Float](repeating: 0, count: rows * columns)
                    matrix.dequantizeRows(0..<rows, into: &weights)
                    let reference = matrix.products(activations, instructionSet: .scalar)
                    let avx2 = KernelInstructionSet.avx2.isAvailable ? matrix.products(activations, instructionSet: .avx2) : nil
                    for set in Self.instructionSets where set != .scalar {
                        let ours = matrix.products(activations, instructionSet: set)
                        let label = "\(type) \(set) \(rows)×\(columns), \(count) activations"
                        if let avx2 {
                            let differing = (0..<count * rows).filter { ours[$0 / rows][$0 % rows].bitPattern != avx2[$0 / rows][$0 % rows].bitPattern }
                            #expect(differing.isEmpty, "\(label): \(differing.count) results differ from AVX2's bits, first activation \((differing.first ?? 0) / rows) row \((differing.first ?? 0) % rows)")
                        }
                        for a in 0..<count {
                            for r in 0..<rows {
                                let scale = Self.magnitude(weights[r * columns ..< (r + 1) * columns], activations[a])
                                #expect(abs(Double(ours[a][r]) - Double(reference[a][r])) <= 1e-5 * scale + 1e-30,
                                        "\(label): row \(r), activation \(a): \(ours[a][r]) vs scalar \(reference[a][r])")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The one-activation entry (`dot(row:)`, the decode path's row loop) gives what the batched loop gives
    /// a batch of one.
    @Test(arguments: integerTypes)
    func singleRowDotMatchesRowLoop(type: GGMLType) throws {
        let format = try #require(type.activationFormat)
        var random = SeededRandom(seed: 60 + UInt64(type.rawValue))
        let columns = 5 * type.blockSize, rows = 7
        let bytes = Self.randomRows(type, rows: rows, columns: columns, stride: 5 * type.blockBytes, using: &random)
        let activation = try Self.randomActivations(count: 1, columns: columns, format: format, using: &random)[0]
        try bytes.withUnsafeBytes { raw in
            let matrix = try QuantizedMatrix(type: type, rows: rows, columns: columns, base: raw.baseAddress!)
            for set in Self.instructionSets {
                let batch = matrix.products([activation], instructionSet: set)[0]
                for r in 0..<rows {
                    #expect(matrix.dot(row: r, activation, instructionSet: set).bitPattern == batch[r].bitPattern,
                            "\(type) \(set) row \(r)")
                }
            }
        }
    }

    /// bf16 rows: every version within f32 rounding of the exact product with the activation's bf16 parts,
    /// for any length (tails shorter than a vector) and both formats; the pair format also stays within
    /// 2e-5 of the product with the f32 activation itself, the single bf16 format only within 1e-2.
    @Test(arguments: [ActivationFormat.bf16Pair, .bf16])
    func bf16VersionsMatchExactProducts(format: ActivationFormat) throws {
        var random = SeededRandom(seed: 70)
        for columns in [1, 31, 32, 33, 100, 577] {
            for (index, rows) in [1, 2, 3, 5, 9].enumerated() {
                let weights = (0..<rows * columns).map { _ in
                    HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(from: Float.random(in: -1...1, using: &random)))
                }
                let bits = weights.map(HalfPrecision.bfloat16(from:))
                let count = [1, 3, 8, 9, 17][(index + columns) % 5]
                let x = (0..<count).map { _ in (0..<columns).map { _ in Float.random(in: -2...2, using: &random) } }
                let activations = try x.map { try QuantizedActivation($0, format: format) }
                try bits.withUnsafeBytes { raw in
                    let matrix = try QuantizedMatrix(type: .bf16, rows: rows, columns: columns, base: raw.baseAddress!)
                    for set in Self.instructionSets {
                        let ours = matrix.products(activations, instructionSet: set)
                        for a in 0..<count {
                            let parts = activations[a].bf16Values
                            for r in 0..<rows {
                                let w = weights[r * columns ..< (r + 1) * columns]
                                var exact = 0.0, exactF32 = 0.0, scale = 0.0
                                for (i, weight) in zip(0..., w) {
                                    exact += Double(weight) * Double(parts[i])
                                    exactF32 += Double(weight) * Double(x[a][i])
                                    scale += abs(Double(weight) * Double(x[a][i]))
                                }
                                let label = "\(format) \(set) \(rows)×\(columns) row \(r) activation \(a)"
                                #expect(abs(Double(ours[a][r]) - exact) <= 1e-5 * scale + 1e-30, "\(label): \(ours[a][r]) vs \(exact)")
                                let tolerance = format == .bf16Pair ? 2e-5 : 1e-2
                                #expect(abs(Double(ours[a][r]) - exactF32) <= tolerance * scale, "\(label): \(ours[a][r]) vs f32 \(exactF32)")
                            }
                        }
                    }
                }
            }
        }
    }

    /// The split keeps x = high + low to within 2^-16 of |x|, with high the nearest bf16 of x.
    @Test func bf16PairSplitsExactly() throws {
        var random = SeededRandom(seed: 71)
        let x = (0..<1000).map { i in Float.random(in: -1...1, using: &random) * Float(1 << (i % 20)) }
        let pair = try QuantizedActivation(x, format: .bf16Pair).bf16Values
        let single = try QuantizedActivation(x, format: .bf16).bf16Values
        for i in x.indices {
            #expect(single[i] == HalfPrecision.float(fromBFloat16: HalfPrecision.bfloat16(from: x[i])))
            #expect(abs(pair[i] - x[i]) <= abs(x[i]) * 0x1p-16, "\(x[i]) split to \(pair[i])")
        }
    }

    /// MASTUI_KERNELS names a set; the engine never takes one the CPU lacks or an unknown name.
    @Test func environmentChoosesAtMostTheFastest() {
        #expect(KernelInstructionSet.chosen(environment: nil, fastest: .avx512) == .avx512)
        #expect(KernelInstructionSet.chosen(environment: "SCALAR", fastest: .avx512) == .scalar)
        #expect(KernelInstructionSet.chosen(environment: "fast", fastest: .avx2) == .avx2)
        #expect(KernelInstructionSet.chosen(environment: "avx512", fastest: .avx2) == .avx2)
        #expect(KernelInstructionSet.chosen(environment: "avx2", fastest: .scalar) == .scalar)
        for set in Self.instructionSets {
            #expect(KernelInstructionSet.chosen(environment: set.name, fastest: KernelInstructionSet.fastestAvailable) == set)
        }
    }
}
