import Foundation
import MASKit
import Testing

/// The integer kernels (activation quantisation and integer dot products), every version this CPU runs.
@Suite struct IntegerKernelTests {
    static let instructionSets = KernelInstructionSet.allCases.filter(\.isAvailable)
    static let quantisedTypes = QuantFixture.types.filter { $0.0.activationFormat?.isInteger == true }.map(\.1)
    static let integerFormats = ActivationFormat.allCases.filter(\.isInteger)

    /// llama.cpp's quantisation of the vectors in activation_x.f32 (scripts/reference/activation_fixtures.py).
    struct LlamaCppActivations {
        static let rows = 4, columns = 1024
        let x: [Float]
        let blocks: [UInt8]
        let format: ActivationFormat

        init(_ format: ActivationFormat) throws {
            self.format = format
            x = try Data(contentsOf: TestSupport.fixture("quant/activation_x.f32")).withUnsafeBytes {
                Array($0.bindMemory(to: Float.self))
            }
            let name = switch format { case .q8_0: "q8_0"; case .q8_1: "q8_1"; default: "q8_k" }
            blocks = [UInt8](try Data(contentsOf: TestSupport.fixture("quant/activation_\(name).bin")))
        }

        func half(_ at: Int) -> Float { HalfPrecision.float(fromHalf: UInt16(blocks[at]) | UInt16(blocks[at + 1]) << 8) }
        func int8(_ at: Int) -> Int8 { Int8(bitPattern: blocks[at]) }
        func load<T>(_ at: Int, as: T.Type) -> T { blocks.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: T.self) } }
    }

    @Test(arguments: integerFormats, instructionSets)
    func quantisationMatchesLlamaCpp(format: ActivationFormat, instructionSet: KernelInstructionSet) throws {
        let reference = try LlamaCppActivations(format)
        let columns = LlamaCppActivations.columns
        let rowBytes = reference.blocks.count / LlamaCppActivations.rows
        for r in 0..<LlamaCppActivations.rows {
            let ours = try QuantizedActivation(Array(reference.x[r * columns ..< (r + 1) * columns]), format: format,
                                               instructionSet: instructionSet)
            var quants = [Int8](), scales = [Float](), sums = [Float](), sixteenSums = [Int16]()
            let base = r * rowBytes
            switch format {
            case .q8_0, .q8_1:
                let blockBytes = format == .q8_0 ? 34 : 36, header = format == .q8_0 ? 2 : 4
                for b in 0..<columns / 32 {
                    let block = base + b * blockBytes
                    scales.append(reference.half(block))
                    if format == .q8_1 { sums.append(reference.half(block + 2)) }
                    quants += (0..<32).map { reference.int8(block + header + $0) }
                }
            default:
                for b in 0..<columns / 256 {
                    let block = base + b * 292
                    scales.append(reference.load(block, as: Float.self))
                    quants += (0..<256).map { reference.int8(block + 4 + $0) }
                    sixteenSums += (0..<16).map { reference.load(block + 260 + 2 * $0, as: Int16.self) }
                }
            }
            #expect(ours.quants == quants, "\(format) \(instructionSet) row \(r): quants")
            #expect(ours.scales.map(\.bitPattern) == scales.map(\.bitPattern), "\(format) \(instructionSet) row \(r): scales")
            #expect(ours.blockSums.map(\.bitPattern) == sums.map(\.bitPattern), "\(format) \(instructionSet) row \(r): block sums")
            #expect(ours.sixteenSums == sixteenSums, "\(format) \(instructionSet) row \(r): sums of 16")
        }
    }

    @Test(arguments: ActivationFormat.allCases)
    func versionsQuantiseIdentically(format: ActivationFormat) throws {
        var random = SeededRandom(seed: 21)
        let x = (0..<2048).map { i in Float.random(in: -1...1, using: &random) * Float(1 + i % 7) * 0.3 }
        let versions = try Self.instructionSets.map { try QuantizedActivation(x, format: format, instructionSet: $0) }
        for other in versions.dropFirst() {
            #expect(other.quants == versions[0].quants)
            #expect(other.scales.map(\.bitPattern) == versions[0].scales.map(\.bitPattern))
            #expect(other.blockSums.map(\.bitPattern) == versions[0].blockSums.map(\.bitPattern))
            #expect(other.sixteenSums == versions[0].sixteenSums)
            #expect(other.bf16Values.map(\.bitPattern) == versions[0].bf16Values.map(\.bitPattern))
        }
    }

    @Test(arguments: integerFormats)
    func rejectsPartialBlocks(format: ActivationFormat) {
        #expect(throws: TensorError.activationLengthNotWholeBlocks(format, count: format.blockSize + 1)) {
            try QuantizedActivation([Float](repeating: 1, count: format.blockSize + 1), format: format)
        }
    }

    /// Every quantised type, every version: the dot product of each fixture row with a quantised
    /// activation against the exact f64 product of gguf's dequantised weights with the activation's
    /// exact values. Integer block sums are exact, so only f32 scaling and accumulation remain.
    @Test(arguments: quantisedTypes, instructionSets)
    func dotMatchesExactReference(name: String, instructionSet: KernelInstructionSet) throws {
        let fixture = try QuantMatrixProductTests.fixture(name)
        let format = try #require(fixture.type.activationFormat)
        var random = SeededRandom(seed: 22)
        for trial in 0..<3 {
            // Magnitudes that vary by block, as real activations do.
            let x = (0..<QuantFixture.columns).map { i in
                Float.random(in: -1...1, using: &random) * Float(1 + (i / 32 + trial) % 5)
            }
            let activation = try QuantizedActivation(x, format: format, instructionSet: instructionSet)
            try fixture.blocks.withUnsafeBytes { raw in
                let matrix = try QuantizedMatrix(type: fixture.type, rows: QuantFixture.rows,
                                                 columns: QuantFixture.columns, base: raw.baseAddress!)
                for r in 0..<QuantFixture.rows {
                    let ours = matrix.dot(row: r, activation, instructionSet: instructionSet)
                    let (expected, magnitude) = fixture.referenceDot(row: r, activation)
                    #expect(abs(Double(ours) - expected) <= 1e-5 * magnitude,
                            "\(fixture.type) \(instructionSet) row \(r): \(ours) vs \(expected)")
                }
            }
        }
    }
}
