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
