import Foundation
import MASKit
import Testing

@Suite("GGUF reader")
struct GGUFReaderTests {
    // MARK: A file written by the Python gguf package

    @Test("reads every value type and tensor of a file written by the Python gguf package")
    func pythonWrittenFile() throws {
        let expected = try JSONDecoder().decode(
            ReferenceFile.self, from: Data(contentsOf: TestSupport.fixture("gguf/all_types.json")))
        let file = try GGUFFile(url: TestSupport.fixture("gguf/all_types.gguf"))

        #expect(file.version == expected.version)
        #expect(file.alignment == expected.alignment)
        #expect(file.dataOffset == expected.data_offset)
        #expect(file.fileSize == expected.file_size)
        #expect(file.metadataKeys == expected.metadata.map(\.key))
        for entry in expected.metadata {
            let value = try #require(file.metadata[entry.key])
            #expect(value.type.description.uppercased() == entry.type, "\(entry.key)")
            guard case .array(let elementType, let elements) = value else {
                #expect(ReferenceValue(value) == entry.value, "\(entry.key)")
                continue
            }
            #expect(elementType.description.uppercased() == entry.element_type, "\(entry.key)")
            if let inner = entry.inner_element_type {
                let innerTypes = elements.compactMap { if case .array(let t, _) = $0 { t } else { nil } }
                #expect(innerTypes.map { $0.description.uppercased() } == Array(repeating: inner, count: elements.count))
                #expect(elements.flatMap { $0.arrayValue ?? [] }.map(ReferenceValue.init) == entry.value.arrayValue)
            } else {
                #expect(elements.map(ReferenceValue.init) == entry.value.arrayValue, "\(entry.key)")
            }
        }

        #expect(file.tensors.map(\.name) == expected.tensors.map(\.name))
        for reference in expected.tensors {
            let tensor = try file.requiredTensor(named: reference.name)
            #expect(tensor.type.rawValue == reference.type)
            #expect(tensor.shape == reference.shape)
            #expect(tensor.elementCount == reference.element_count)
            #expect(tensor.byteCount == reference.byte_count)
            #expect(tensor.offset == reference.offset)
            #expect(tensor.fileOffset == expected.data_offset + reference.offset)
            #expect(hex(file.bytes(of: tensor)) == reference.data)
        }
    }

    // MARK: Round trip through the test writer

    @Test("round-trips every value type, nested arrays and tensors", arguments: [UInt32(2), 3])
    func roundTrip(version: UInt32) throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let writer = GGUFTestWriter.sample(version: version)
        let file = try GGUFFile(url: scratch.write(writer.bytes()))

        #expect(file.version == Int(version))
        #expect(file.metadataKeys == writer.metadata.map(\.key))
        for (key, value) in writer.metadata {
            #expect(file.metadata[key] == value, "\(key)")
        }
        #expect(file.alignment == 32)
        #expect(file.dataOffset % 32 == 0)
        #expect(file.tensors.map(\.name) == writer.tensors.map(\.name))
        for written in writer.tensors {
            let tensor = try #require(file.tensor(named: written.name))
            #expect(tensor.type.rawValue == written.typeID)
            #expect(tensor.shape == written.dimensions.map { Int($0) })
            #expect(tensor.elementCount == written.dimensions.reduce(1) { $0 * Int($1) })
            #expect(tensor.byteCount == written.data.count)
            #expect(tensor.offset % 32 == 0)
            #expect(Array(file.bytes(of: tensor)) == written.data)
        }
        #expect(try file.requiredTensor(named: "q4_0.matrix").rowCount == 2)
        #expect(file.tensor(named: "absent") == nil)
    }

    @Test("honours general.alignment")
    func customAlignment() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        var writer = GGUFTestWriter.sample()
        writer.metadata.append(("general.alignment", .uint32(128)))
        let file = try GGUFFile(url: scratch.write(writer.bytes()))
        #expect(file.alignment == 128)
        #expect(file.dataOffset % 128 == 0)
        #expect(file.tensors.map(\.offset) == [0, 128, 256, 512])
        for written in writer.tensors {
            #expect(Array(file.bytes(of: try file.requiredTensor(named: written.name))) == written.data)
        }
    }

    @Test("a file without tensors needs no data section")
    func noTensors() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let writer = GGUFTestWriter(metadata: [("general.architecture", .string("none"))])
        let file = try GGUFFile(url: scratch.write(writer.bytes()))
        #expect(file.tensors.isEmpty)
        #expect(try file.string("general.architecture") == "none")
    }

    // MARK: Typed look-ups

    @Test("typed look-ups convert, and name the file and key when missing or mistyped")
    func typedLookups() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let file = try GGUFFile(url: scratch.write(GGUFTestWriter.sample().bytes(), name: "typed.gguf"))

        #expect(try file.int("u8") == 0xFE)
        #expect(try file.int("i8") == -128)
        #expect(try file.int("u32") == 0xDEAD_BEEF)
        #expect(try file.int("i64") == Int(Int64.min))
        #expect(try file.float("f32.inf") == .infinity)
        #expect(try file.float("f64") == Float(1e300))
        #expect(try file.bool("yes"))
        #expect(try file.string("s") == "ünï ✓ 𝄞")
        #expect(try file.stringArray("a.strings") == ["x", "", "<0x0A>"])
        #expect(try file.floatArray("a.floats") == [1.5, -3])
        #expect(try file.floatArray("a.empty") == [])
        #expect(try file.intArray("a.ints") == [-1, 1 << 40])
        #expect(try file.array("a.nested").count == 2)
        #expect(try file.intIfPresent("absent") == nil)
        #expect(try file.stringArrayIfPresent("absent") == nil)

        expectError(#"typed.gguf: missing metadata key 'absent'"#) { _ = try file.int("absent") }
        expectError("typed.gguf: metadata key 's' is a string, not an integer") { _ = try file.int("s") }
        expectError("typed.gguf: metadata key 'u64' is a uint64, not an integer") { _ = try file.int("u64") }
        expectError("typed.gguf: metadata key 'u32' is a uint32, not a float") { _ = try file.floatIfPresent("u32") }
        expectError("typed.gguf: metadata key 'a.floats' is a array of float32, not an array of strings") {
            _ = try file.stringArray("a.floats")
        }
        expectError("typed.gguf: missing tensor 'absent'") { _ = try file.requiredTensor(named: "absent") }
    }

    // MARK: Summary

    @Test("summarises architecture, size, shape and quantisation")
    func summary() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        var writer = GGUFTestWriter.sample()
        let summary = try GGUFModelSummary(file: GGUFFile(url: scratch.write(writer.bytes(), name: "s.gguf")))
        #expect(summary.fileName == "s.gguf")
        #expect(summary.architecture == "testarch")
        #expect(summary.name == "Sample")
        #expect(summary.parameterCount == 12 + 128 + 256 + 7)
        #expect(summary.hiddenSize == 8)
        #expect(summary.layerCount == 2)
        #expect(summary.quantisation == "Q4_0")  // general.file_type 2
        #expect(summary.fileSize == writer.bytes().count)

        // Without general.file_type: the most common type among matrices, not the 1-D tensors.
        writer.metadata.removeAll { $0.key == "general.file_type" }
        writer.tensors += [
            .init(name: "v1", type: .f32, dimensions: [2], data: [UInt8](repeating: 0, count: 8)),
            .init(name: "v2", type: .f32, dimensions: [2], data: [UInt8](repeating: 0, count: 8)),
            .init(name: "m2", type: .q4_0, dimensions: [32, 1], data: [UInt8](repeating: 0, count: 18)),
        ]
        let fallback = try GGUFModelSummary(file: GGUFFile(url: scratch.write(writer.bytes(), name: "f.gguf")))
        #expect(fallback.quantisation == "Q4_0")
    }

    // MARK: Helpers

    private func expectError(_ description: String, sourceLocation: SourceLocation = #_sourceLocation,
                             _ body: () throws -> Void) {
        #expect(sourceLocation: sourceLocation) { try body() } throws: { error in
            (error as? GGUFError)?.description == description
        }
    }
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// all_types.json, as scripts/reference/gguf_small_file.py writes it.
private struct ReferenceFile: Decodable {
    struct Entry: Decodable {
        let key: String
        let type: String
        let element_type: String?
        let inner_element_type: String?
        let value: ReferenceValue
    }

    struct Tensor: Decodable {
        let name: String
        let type: UInt32
        let shape: [Int]
        let element_count: Int
        let byte_count: Int
        let offset: Int
        let data: String
    }

    let version: Int
    let alignment: Int
    let data_offset: Int
    let file_size: Int
    let metadata: [Entry]
    let tensors: [Tensor]
}

/// A JSON value as the Python reference wrote it; floats are the exact doubles of the stored values.
private enum ReferenceValue: Decodable, Equatable {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([ReferenceValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let v = try? container.decode(Bool.self) { self = .bool(v) }
        else if let v = try? container.decode(Int64.self) { self = .int(v) }
        else if let v = try? container.decode(UInt64.self) { self = .uint(v) }
        else if let v = try? container.decode(Double.self) { self = .double(v) }
        else if let v = try? container.decode(String.self) { self = .string(v) }
        else { self = .array(try container.decode([ReferenceValue].self)) }
    }

    init(_ value: GGUFValue) {
        switch value {
        case .bool(let v): self = .bool(v)
        case .uint64(let v): self = Int64(exactly: v).map(ReferenceValue.int) ?? .uint(v)
        case .float32(let v): self = .double(Double(v))
        case .float64(let v): self = .double(v)
        case .string(let v): self = .string(v)
        case .array(_, let values): self = .array(values.map(ReferenceValue.init))
        default: self = .int(Int64(value.intValue ?? 0))
        }
    }

    var arrayValue: [ReferenceValue]? { if case .array(let v) = self { v } else { nil } }

    /// JSON does not keep "-2.0" apart from "-2", so a whole float equals the same integer.
    static func == (lhs: ReferenceValue, rhs: ReferenceValue) -> Bool {
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.double(let a), .double(let b)): a == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): Double(a) == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        default: false
        }
    }
}
