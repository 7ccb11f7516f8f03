import Foundation
import MASKit
import Testing

/// Dequantisation of every supported type against the Python `gguf` package (fixtures made by
/// scripts/reference/quant_fixtures.py). gguf and MASKit round the same operations in the same order,
/// so the values must match bit for bit.
@Suite struct QuantDequantizationTests {
    @Test(arguments: QuantFixture.types.map(\.1))
    func rowsMatchGGUF(name: String) throws {
        let type = try #require(QuantFixture.types.first { $0.1 == name }?.0)
        let fixture = try QuantFixture(type, name)
        try fixture.blocks.withUnsafeBytes { raw in
            let matrix = try QuantizedMatrix(type: type, rows: QuantFixture.rows, columns: QuantFixture.columns,
                                             base: raw.baseAddress!)
            #expect(matrix.rowBytes == fixture.rowBytes)
            var row = [Float](repeating: .nan, count: QuantFixture.columns)
            for r in 0..<QuantFixture.rows {
                matrix.dequantizeRow(r, into: &row)
                let expected = fixture.values[r * QuantFixture.columns ..< (r + 1) * QuantFixture.columns]
                let mismatches = zip(row, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
                #expect(mismatches == 0, "\(type) row \(r): \(mismatches) values differ from gguf")
            }
        }
    }

    @Test(arguments: QuantFixture.types.map(\.1))
    func wholeBufferAndTileMatchGGUF(name: String) throws {
        let type = try #require(QuantFixture.types.first { $0.1 == name }?.0)
        let fixture = try QuantFixture(type, name)
        var all = [Float](repeating: .nan, count: fixture.values.count)
        try fixture.blocks.withUnsafeBytes { raw in
            try type.dequantize(raw.baseAddress!, count: all.count, into: &all)
        }
        #expect(all.map(\.bitPattern) == fixture.values.map(\.bitPattern))

        var tile = [Float](repeating: .nan, count: 3 * QuantFixture.columns)
        try fixture.blocks.withUnsafeBytes { raw in
            let matrix = try QuantizedMatrix(type: type, rows: QuantFixture.rows, columns: QuantFixture.columns,
                                             base: raw.baseAddress!)
            matrix.dequantizeRows(4..<7, into: &tile)
        }
        let expected = fixture.values[4 * QuantFixture.columns ..< 7 * QuantFixture.columns]
        #expect(tile.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func invalidGeometryThrowsClearErrors() {
        let bytes = [UInt8](repeating: 0, count: 1024)
        bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            #expect(throws: TensorError.rowLengthNotWholeBlocks(.q4_K, columns: 100)) {
                try QuantizedMatrix(type: .q4_K, rows: 1, columns: 100, base: base)
            }
            #expect(throws: TensorError.unsupportedType(.q2_K)) {
                try QuantizedMatrix(type: .q2_K, rows: 1, columns: 256, base: base)
            }
            #expect(throws: TensorError.invalidShape(rows: 0, columns: 32)) {
                try QuantizedMatrix(type: .q8_0, rows: 0, columns: 32, base: base)
            }
            #expect(throws: TensorError.rowStrideTooSmall(.q8_0, columns: 64, stride: 40)) {
                try QuantizedMatrix(type: .q8_0, rows: 2, columns: 64, base: base, rowStride: 40)
            }
            var out = [Float](repeating: 0, count: 32)
            #expect(throws: TensorError.unsupportedType(.q8_K)) { try GGMLType.q8_K.dequantize(base, count: 256, into: &out) }
        }
        #expect(TensorError.rowLengthNotWholeBlocks(.q4_K, columns: 100).description
                == "row length 100 is not a multiple of the Q4_K block size 256")
    }
}
