import Foundation
import MASKit
import Testing

@Suite struct SafetensorsFileTests {
    /// A safetensors image from a header text and a data section.
    static func image(header: String, data: [UInt8], declaredLength: UInt64? = nil) -> Data {
        var bytes = Data()
        let json = Array(header.utf8)
        withUnsafeBytes(of: (declaredLength ?? UInt64(json.count)).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        bytes.append(contentsOf: data)
        return bytes
    }

    static func problem(header: String, data: [UInt8] = [UInt8](repeating: 0, count: 16),
                        declaredLength: UInt64? = nil) -> String {
        do {
            _ = try SafetensorsFile(data: image(header: header, data: data, declaredLength: declaredLength), path: "t.safetensors")
            return "parsed"
        } catch {
            LinkFixtures.expectOneLine(error, file: "t.safetensors")
            return "\(error)"
        }
    }

    @Test func readsTheFixtureFiles() throws {
        let inner = try SafetensorsFile(url: LinkFixtures.url("inner_f32.safetensors"))
        #expect(Set(inner.tensorNames) == Set(InnerLink.parameterShapes(hiddenSize: 64).map(\.name)))
        #expect(inner.info(named: "proj1.weight") == TensorInfo(name: "proj1.weight", dtype: .f32, shape: [64, 64]))
        #expect(try inner.floats(named: "proj1.weight").count == 4096)
        #expect(inner.info(named: "nope") == nil)
        #expect(throws: FileFormatError.self) { try inner.floats(named: "nope") }

        let outer = try SafetensorsFile(url: LinkFixtures.url("outer_bf16.safetensors"))
        #expect(outer.info(named: "proj2.weight") == TensorInfo(name: "proj2.weight", dtype: .bf16, shape: [96, 192]))
        let raw = try outer.withRawBytes(named: "proj2.weight") { $0.count }
        #expect(raw == 96 * 192 * 2)
    }

    @Test func readsMetadataAndF16() throws {
        // 1.0, -2.0 and 0.5 as IEEE half floats (0x3C00, 0xC000, 0x3800).
        let file = try SafetensorsFile(data: Self.image(
            header: #"{"__metadata__":{"format":"pt"},"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}}"#,
            data: [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38]), path: "t.safetensors")
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensorNames == ["h"])
        #expect(try file.floats(named: "h") == [Float(Float16(1.0)), Float(Float16(-2.0)), Float(Float16(0.5))])
    }

    @Test func refusesHeadersThatLie() {
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}"#).contains("'a' holds 8 bytes"))
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}}"#).contains("past the 16-byte data section"))
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#).contains("invalid data_offsets"))
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,0]}}"#).contains("invalid shape"))
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}}"#)
            .contains("invalid shape"))
        #expect(Self.problem(header: #"{"a":{"dtype":"BF16","shape":[4611686018427387904],"data_offsets":[0,16]}}"#)
            .contains("'a' holds 16 bytes"))
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#).contains("1 data_offsets"))
        #expect(Self.problem(header: #"{"a":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}"#).contains("unsupported dtype 'I64'"))
        #expect(Self.problem(header: #"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#).contains("tensor 'a' needs"))
        #expect(Self.problem(header: #"{"__metadata__":{"n":1}}"#).contains("__metadata__"))
    }

    @Test func refusesOverlappingTensors() {
        let header = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#
        #expect(Self.problem(header: header).contains("'a' and 'b' overlap"))
    }

    @Test func refusesBadHeaderLengthsAndNonJSON() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        #expect(Self.problem(header: header, declaredLength: 10_000).contains("runs past the end of the file"))
        #expect(Self.problem(header: header, declaredLength: UInt64.max).contains("not a safetensors file (its first 8 bytes give a header length of 18446744073709551615"))
        #expect(Self.problem(header: "not json at all").contains("not a JSON object"))
        #expect(Self.problem(header: "[1,2,3]").contains("not a JSON object"))
        #expect(Self.problem(header: "").contains("not a JSON object"))
        do {
            _ = try SafetensorsFile(data: Data([1, 2, 3]), path: "t.safetensors")
            Issue.record("parsed a 3-byte file")
        } catch {
            #expect("\(error)".contains("shorter than the 8-byte header length"))
        }
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = try LinkFixtures.data("outer_bf16.safetensors")
        // Cut anywhere in the header and near the start and the end of the data section.
        let cuts = Array(0..<900) + Array((bytes.count - 300)..<bytes.count)
        for cut in cuts {
            #expect(throws: FileFormatError.self, "prefix of \(cut) bytes parsed") {
                _ = try SafetensorsFile(data: bytes.prefix(cut), path: "t.safetensors")
            }
        }
    }

    @Test func mutatedFilesParseOrFailWithOneLine() throws {
        let original = Array(Self.image(
            header: #"{"__metadata__":{"format":"pt"},"b":{"dtype":"BF16","shape":[2,2],"data_offsets":[0,8]},"f":{"dtype":"F32","shape":[3],"data_offsets":[8,20]}}"#,
            data: (0..<20).map { UInt8($0 * 7) }))
        var rng = SeededGenerator(state: 20_240_601)
        var parsed = 0
        for _ in 0..<5_000 {
            let mutated = Mutator.mutate(original, hotRange: 0..<original.count, using: &rng)
            do {
                let file = try SafetensorsFile(data: Data(mutated), path: "t.safetensors")
                for name in file.tensorNames {
                    let info = try #require(file.info(named: name))
                    #expect(try file.floats(named: name).count == info.elementCount)
                }
                parsed += 1
            } catch {
                LinkFixtures.expectOneLine(error, file: "t.safetensors")
            }
        }
        #expect(parsed > 0)
    }

    @Test func writerReproducesTheReferenceFileByteForByte() throws {
        let reference = try LinkFixtures.data("outer_bf16.safetensors")
        let file = try SafetensorsFile(data: reference, path: "outer_bf16.safetensors")
        let tensors = try file.tensorNames.map { name in
            NamedTensor(name: name, shape: try #require(file.info(named: name)).shape, values: try file.floats(named: name))
        }
        #expect(try SafetensorsWriter.encode(tensors.reversed(), dtype: .bf16, path: "out") == reference)
    }

    @Test func writerRoundTripsF32AndBF16() throws {
        let values: [Float] = [0, -1.5, 3.25, 1e-3, 65504, -0.0]
        for dtype in [TensorDType.f32, .bf16, .f16] {
            let image = try SafetensorsWriter.encode([NamedTensor(name: "v", shape: [2, 3], values: values)], dtype: dtype,
                                                     metadata: ["format": "pt"], path: "out")
            let file = try SafetensorsFile(data: image, path: "out")
            #expect(file.info(named: "v") == TensorInfo(name: "v", dtype: dtype, shape: [2, 3]))
            #expect(file.metadata == ["format": "pt"])
            let read = try file.floats(named: "v")
            switch dtype {
            case .f32: #expect(read == values)
            case .bf16: #expect(read == values.map { Float(bitPattern: UInt32(TensorDType.bfloat16Bits(of: $0)) << 16) })
            case .f16: #expect(read == values.map { Float(Float16($0)) })
            }
        }
        #expect(throws: FileFormatError.self) {
            try SafetensorsWriter.encode([NamedTensor(name: "v", shape: [4], values: [1])], dtype: .f32, path: "out")
        }
    }
}
