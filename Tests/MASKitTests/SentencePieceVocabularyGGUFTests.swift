import Foundation
import MASKit
import Testing

/// Broken SentencePiece tokenizer metadata in a GGUF file, and models without a tokenizer here, give one
/// error line naming the file.
@Suite struct SentencePieceVocabularyGGUFTests {
    static func metadata(model: String = "llama", tokens: [String] = ["<unk>", "<s>", "</s>", "a", "b"],
                         scores: [Float]? = nil, extra: [(String, GGUFValue)] = []) -> [(key: String, value: GGUFValue)] {
        let scores = scores ?? tokens.map { _ in 0 }
        return [
            ("general.architecture", .string("llama")),
            ("tokenizer.ggml.model", .string(model)),
            ("tokenizer.ggml.tokens", .array(elementType: .string, tokens.map(GGUFValue.string))),
            ("tokenizer.ggml.scores", .array(elementType: .float32, scores.map(GGUFValue.float32))),
        ] + extra
    }

    static func problem(_ metadata: [(key: String, value: GGUFValue)]) throws -> String? {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        var writer = GGUFTestWriter()
        writer.metadata = metadata
        let url = try scratch.write(writer.bytes(), name: "vocab.gguf")
        do {
            _ = try TokenizerFactory.tokenizer(for: GGUFFile(url: url))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aConsistentFileReadsWithLlamaCppDefaults() throws {
        #expect(try Self.problem(Self.metadata()) == nil)
    }

    @Test func unsupportedModelsListTheSupportedOnes() throws {
        #expect(try Self.problem(Self.metadata(model: "bert"))
            == "vocab.gguf: tokenizer.ggml.model 'bert' is not supported; supported: 'gpt2', 'llama'")
        #expect(try Self.problem(Self.metadata().filter { $0.key != "tokenizer.ggml.model" })
            == "vocab.gguf: missing metadata key 'tokenizer.ggml.model'")
    }

    @Test func badVocabularyContentNamesTheFile() throws {
        #expect(try Self.problem(Self.metadata(scores: [0, 0])) == "vocab.gguf: 2 token scores for 5 tokens")
        #expect(try Self.problem(Self.metadata(tokens: ["a", "a"])) == "vocab.gguf: token 1 'a' duplicates token 0")
        #expect(try Self.problem(Self.metadata(tokens: ["x"]))
            == "vocab.gguf: the vocabulary asks for a BOS token but names none")
        #expect(try Self.problem(Self.metadata(extra: [("tokenizer.ggml.bos_token_id", .uint32(9))]))
            == "vocab.gguf: BOS token id 9 is outside the vocabulary of 5 tokens")
        #expect(try Self.problem(Self.metadata(extra: [("tokenizer.ggml.token_type", .array(elementType: .int32, [1, 1, 1, 1, 6].map(GGUFValue.int32)))]))
            == "vocab.gguf: byte token 4 is 'b', not of the form <0xHH>")
        #expect(try Self.problem(Self.metadata(extra: [("tokenizer.ggml.token_type", .array(elementType: .int32, [1, 9, 1, 1, 1].map(GGUFValue.int32)))]))
            == "vocab.gguf: token 1 has unknown token type 9")
    }
}
