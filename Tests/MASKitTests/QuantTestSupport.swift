import Foundation
import MASKit
import Testing

/// A quantised matrix fixture written by scripts/reference/quant_fixtures.py: gguf's blocks and gguf's
/// dequantisation of them (8 rows of 512 elements).
struct QuantFixture {
    static let rows = 8, columns = 512
    /// The types with fixtures, by fixture file name.
    static let types: [(GGMLType, String)] = [
        (.f32, "f32"), (.f16, "f16"), (.bf16, "bf16"), (.q4_0, "q4_0"), (.q4_1, "q4_1"), (.q5_0, "q5_0"),
        (.q5_1, "q5_1"), (.q8_0, "q8_0"), (.q4_K, "q4_k"), (.q5_K, "q5_k"), (.q6_K, "q6_k"),
    ]

    let type: GGMLType
    let blocks: [UInt8]
    let values: [Float]

    init(_ type: GGMLType, _ name: String) throws {
        self.type = type
        blocks = [UInt8](try Data(contentsOf: TestSupport.fixture("quant/\(name).bin")))
        values = try Data(contentsOf: TestSupport.fixture("quant/\(name).f32")).withUnsafeBytes {
            Array($0.bindMemory(to: Float.self))
        }
    }

    var rowBytes: Int { blocks.count / Self.rows }
}

/// Random test inputs from the engine's own seeded generator.
extension SeededRandom {
    mutating func floats(_ count: Int, in range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in Float.random(in: range, using: &self) }
    }
}

/// Exact references for the products of fixture rows with an activation vector.
extension QuantFixture {
    /// Row r (of the fixture's 8, repeating) · x in f64, and Σ|terms| for a tolerance on f32
    /// accumulation. For quantised types x is first quantised to the type's activation format, as the
    /// integer kernels see it (with `instructionSet`); float types multiply x itself.
    func reference(row r: Int, _ x: ArraySlice<Float>,
                   instructionSet: KernelInstructionSet = .best) throws -> (value: Double, magnitude: Double) {
        let row = r % Self.rows
        let w = values[row * Self.columns ..< (row + 1) * Self.columns]
        guard let format = type.activationFormat else {
            var dot = 0.0, magnitude = 0.0
            for (a, b) in zip(w, x) { dot += Double(a) * Double(b); magnitude += abs(Double(a) * Double(b)) }
            return (dot, magnitude)
        }
        let activation = try QuantizedActivation(Array(x), format: format, instructionSet: instructionSet)
        return referenceDot(row: row, activation)
    }

    /// Row `row` · the exact values of `activation` (scale·quant in f64). Q8_1 activations carry each
    /// block's Σ in f16, as llama.cpp's do, and the kernels multiply the weights' block minimum with that
    /// stored sum, so the reference does the same: Σ w·a + minimum·(storedSum − Σ a) per block.
    func referenceDot(row: Int, _ activation: QuantizedActivation) -> (value: Double, magnitude: Double) {
        let w = values[row * Self.columns ..< (row + 1) * Self.columns]
        var dot = 0.0, magnitude = 0.0
        guard activation.format.isInteger else {
            // bf16 parts: the kernels multiply their exact sum.
            for (weight, a) in zip(w, activation.bf16Values) {
                dot += Double(weight) * Double(a)
                magnitude += abs(Double(weight) * Double(a))
            }
            return (dot, magnitude)
        }
        let q = activation.quants, scales = activation.scales, size = activation.format.blockSize
        for (i, weight) in zip(0..., w) {
            let term = Double(weight) * Double(scales[i / size]) * Double(q[i])
            dot += term
            magnitude += abs(term)
        }
        if activation.format == .q8_1 {
            let blockBytes = type.blockBytes, sums = activation.blockSums
            for b in 0..<Self.columns / 32 {
                // Q4_1 and Q5_1 keep the block minimum as the f16 at byte 2.
                let at = row * rowBytes + b * blockBytes + 2
                let minimum = Double(HalfPrecision.float(fromHalf: UInt16(blocks[at]) | UInt16(blocks[at + 1]) << 8))
                let exactSum = (32 * b ..< 32 * b + 32).reduce(0.0) { $0 + Double(scales[b]) * Double(q[$1]) }
                dot += minimum * (Double(sums[b]) - exactSum)
                magnitude += abs(minimum * Double(sums[b]))
            }
        }
        return (dot, magnitude)
    }
}
