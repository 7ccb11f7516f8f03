import Foundation
import MASKit
import Testing

/// The default models against what the Python gguf package reads from them
/// (Tests/Fixtures/gguf/*.json, made by scripts/reference/gguf_summary.py).
@Suite("GGUF default models")
struct GGUFRealModelTests {
    @Test("matches the Python gguf package", arguments: ModelDirectory.Default.allCases)
    func defaultModel(_ model: ModelDirectory.Default) throws {
        let stem = (model.rawValue as NSString).deletingPathExtension
        let expected = try JSONDecoder().decode(
            ModelReference.self, from: Data(contentsOf: TestSupport.fixture("gguf/\(stem).json")))
        let file = try GGUFFile(url: TestSupport.model(model))

        #expect(file.version == expected.version)
        #expect(file.fileSize == expected.file_size)
        #expect(file.alignment == expected.alignment)
        #expect(file.dataOffset == expected.data_offset)
        #expect(file.metadataKeys == expected.metadata_keys)
        #expect(file.tensors.count == expected.tensor_count)
        #expect(try file.string("general.architecture") == expected.architecture)
        #expect(try file.int("\(expected.architecture).block_count") == expected.block_count)
        #expect(try file.int("\(expected.architecture).embedding_length") == expected.embedding_length)
        #expect(try file.int("general.file_type") == expected.file_type)
        let tokens = try file.stringArray("tokenizer.ggml.tokens")
        #expect(tokens.count == expected.token_count)
        #expect(Array(tokens.prefix(5)) == expected.first_tokens)

        for reference in expected.tensors {
            let tensor = try file.requiredTensor(named: reference.name)
            #expect(tensor.type.rawValue == reference.type, "\(reference.name)")
            #expect(tensor.type.description == reference.type_name, "\(reference.name)")
            #expect(tensor.shape == reference.shape, "\(reference.name)")
            #expect(tensor.elementCount == reference.element_count, "\(reference.name)")
            #expect(tensor.byteCount == reference.byte_count, "\(reference.name)")
            #expect(tensor.offset == reference.offset, "\(reference.name)")
            #expect(tensor.fileOffset == reference.file_offset, "\(reference.name)")
            let bytes = file.bytes(of: tensor)
            #expect(hex(bytes.prefix(16)) == reference.first_bytes, "\(reference.name)")
            #expect(hex(bytes.suffix(16)) == reference.last_bytes, "\(reference.name)")
        }

        let summary = try GGUFModelSummary(file: file)
        #expect(summary.fileName == model.rawValue)
        #expect(summary.architecture == expected.architecture)
        #expect(summary.name == expected.name)
        #expect(summary.parameterCount == expected.parameter_count)
        #expect(summary.hiddenSize == expected.embedding_length)
        #expect(summary.layerCount == expected.block_count)
        #expect(summary.quantisation == expected.file_type_name)
        #expect(summary.fileSize == expected.file_size)
    }

    @Test("names every llama.cpp file type as the Python gguf package does")
    func fileTypeNames() throws {
        let expected = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: TestSupport.fixture("gguf/llama_file_types.json")))
        for (id, name) in expected {
            #expect(LlamaFileType.name(of: try #require(Int(id))) == name, "file type \(id)")
        }
        for removed in [4, 5, 6, 33, 34, 35] {
            #expect(LlamaFileType.name(of: removed) == nil)
        }
    }
}

/// <model>.json, as scripts/reference/gguf_summary.py writes it.
private struct ModelReference: Decodable {
    struct Tensor: Decodable {
        let name: String
        let type: UInt32
        let type_name: String
        let shape: [Int]
        let element_count: Int
        let byte_count: Int
        let offset: Int
        let file_offset: Int
        let first_bytes: String
        let last_bytes: String
    }

    let version: Int
    let file_size: Int
    let data_offset: Int
    let alignment: Int
    let metadata_keys: [String]
    let architecture: String
    let name: String
    let block_count: Int
    let embedding_length: Int
    let file_type: Int
    let file_type_name: String
    let parameter_count: Int
    let tensor_count: Int
    let token_count: Int
    let first_tokens: [String]
    let tensors: [Tensor]
}
