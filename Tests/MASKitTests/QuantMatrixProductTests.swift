import Foundation
import MASKit
import Testing

/// Mat-vec and mat-mul of every type against gguf's dequantised weights multiplied in f64.
///
/// Float types multiply f32 activations; quantised types multiply the activation quantised to the type's
/// 8-bit format (as llama.cpp does), so their reference uses the exact values of that quantised
/// activation. Either way the only error left is f32 rounding in the accumulation: a few hundred terms
/// summed in eight-lane partial sums stay well inside 1e-5 of Σ|w·x|.
@Suite struct QuantMatrixProductTests {
    static let relativeTolerance = 1e-5

    /// `rows` rows of the fixture, repeating its 8 rows, as one contiguous buffer.
    static func tiledBlocks(_ fixture: QuantFixture, rows: Int) -> [UInt8] {
        (0..<rows).flatMap { r in
            fixture.blocks[(r % QuantFixture.rows) * fixture.rowBytes ..< (r % QuantFixture.rows + 1) * fixture.rowBytes]
        }
    }

    static func reference(_ fixture: QuantFixture, row r: Int, _ x: ArraySlice<Float>) throws -> (Double, Double) {
        try fixture.reference(row: r, x)
    }

    static func fixture(_ name: String) throws -> QuantFixture {
        let type = try #require(QuantFixture.types.first { $0.1 == name }?.0)
        return try QuantFixture(type, name)
    }

    @Test(arguments: QuantFixture.types.map(\.1))
    func matvecMatchesDequantisedDot(name: String) throws {
        let fixture = try Self.fixture(name)
        var random = SeededRandom(seed: 11)
        let x = random.floats(QuantFixture.columns, in: -2...2)
        var y = [Float](repeating: .nan, count: QuantFixture.rows)
        try fixture.blocks.withUnsafeBytes { raw in
            let matrix = try QuantizedMatrix(type: fixture.type, rows: QuantFixture.rows,
                                             columns: QuantFixture.columns, base: raw.baseAddress!)
            matrix.matvec(x, into: &y)
        }
        for r in 0..<QuantFixture.rows {
            let (expected, magnitude) = try Self.reference(fixture, row: r, x[...])
            #expect(abs(Double(y[r]) - expected) <= Self.relativeTolerance * magnitude,
                    "\(fixture.type) row \(r): \(y[r]) vs \(expected)")
        }
    }

    @Test(arguments: QuantFixture.types.map(\.1))
    func threadedMatvecEqualsSingleThreaded(name: String) throws {
        let fixture = try Self.fixture(name)
        var random = SeededRandom(seed: 12)
        let x = random.floats(QuantFixture.columns)
        let single = WorkerPool(threads: 1), two = WorkerPool(threads: 2), three = WorkerPool(threads: 3)
        for rows in [1, 37, 203] {  // one row; counts that no thread count divides
            let blocks = Self.tiledBlocks(fixture, rows: rows)
            var results: [[Float]] = []
            try blocks.withUnsafeBytes { raw in
                let matrix = try QuantizedMatrix(type: fixture.type, rows: rows, columns: QuantFixture.columns,
                                                 base: raw.baseAddress!)
                for pool in [single, two, three] {
                    var y = [Float](repeating: .nan, count: rows)
                    matrix.matvec(x, into: &y, pool: pool)
                    results.append(y)
                }
            }
            #expect(results[1].map(\.bitPattern) == results[0].map(\.bitPattern), "\(fixture.type) \(rows) rows, 2 threads")
            #expect(results[2].map(\.bitPattern) == results[0].map(\.bitPattern), "\(fixture.type) \(rows) rows, 3 threads")
            let (expected, magnitude) = try Self.reference(fixture, row: rows - 1, x[...])
            #expect(abs(Double(results[2][rows - 1]) - expected) <= Self.relativeTolerance * magnitude)
        }
    }

    @Test(arguments: QuantFixture.types.map(\.1))
    func matmulMatchesDequantisedProduct(name: String) throws {
        let fixture = try Self.fixture(name)
        let rows = 37, columns = QuantFixture.columns
        let blocks = Self.tiledBlocks(fixture, rows: rows)
        var random = SeededRandom(seed: 13)
        let pool = WorkerPool(threads: 3)
        for count in [1, 3, 9, 70] {  // mat-vec path and tiled sgemm path, with a partial last tile
            let x = random.floats(count * columns)
            var y = [Float](repeating: .nan, count: count * rows)
            try blocks.withUnsafeBytes { raw in
                let matrix = try QuantizedMatrix(type: fixture.type, rows: rows, columns: columns, base: raw.baseAddress!)
                matrix.matmul(x, count: count, into: &y, pool: pool)
            }
            var failures = 0
            for i in 0..<count {
                for r in 0..<rows {
                    let (expected, magnitude) = try Self.reference(fixture, row: r, x[i * columns ..< (i + 1) * columns])
                    if abs(Double(y[i * rows + r]) - expected) > Self.relativeTolerance * magnitude { failures += 1 }
                }
            }
            #expect(failures == 0, "\(fixture.type) batch \(count): \(failures) of \(count * rows) outside tolerance")
        }
    }
}
