import Foundation
import MASKit
import Testing

/// Broken tokenizer metadata in a GGUF file gives one error line naming the file.
@Suite struct BPEVocabularyGGUFTests {
    static func metadata(model: String = "gpt2", tokens: GGUFValue? = nil, merges: [String] = ["a b"],
                         extra: [(String, GGUFValue)] = []) -> [(key: String, value: GGUFValue)] {
        let tokens = tokens ?? .array(elementType: .string, ["a", "b", "ab"].map(GGUFValue.string))
        return [
            ("general.architecture", .string("llama")),
            ("tokenizer.ggml.model", .string(model)),
            ("tokenizer.ggml.tokens", tokens),
            ("tokenizer.ggml.merges", .array(elementType: .string, merges.map(GGUFValue.string))),
        ] + extra
    }

    static func problem(_ metadata: [(key: String, value: GGUFValue)]) throws -> String? {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        var writer = GGUFTestWriter()
        writer.metadata = metadata
        let url = try scratch.write(writer.bytes(), name: "vocab.gguf")
        do {
            _ = try BPEVocabulary(gguf: GGUFFile(url: url))
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aConsistentFileReads() throws {
        #expect(try Self.problem(Self.metadata()) == nil)
    }

    @Test func otherTokenizerModels() throws {
        #expect(try Self.problem(Self.metadata(model: "llama"))
            == "vocab.gguf: tokenizer.ggml.model is 'llama', not byte-level BPE ('gpt2')")
    }

    @Test func missingOrMistypedArrays() throws {
        #expect(try Self.problem(Self.metadata().filter { $0.key != "tokenizer.ggml.merges" })
            == "vocab.gguf: missing metadata key 'tokenizer.ggml.merges'")
        #expect(try Self.problem(Self.metadata(tokens: .array(elementType: .int32, [.int32(1)])))
            == "vocab.gguf: metadata key 'tokenizer.ggml.tokens' is a array of int32, not an array of strings")
    }

    @Test func badVocabularyContentNamesTheFile() throws {
        #expect(try Self.problem(Self.metadata(merges: ["a c"]))
            == "vocab.gguf: merge 0 'a c' names 'c', which is not a token")
        #expect(try Self.problem(Self.metadata(tokens: .array(elementType: .string, []), merges: []))
            == "vocab.gguf: the vocabulary has no tokens")
        #expect(try Self.problem(Self.metadata(extra: [("tokenizer.ggml.eos_token_id", .uint32(3))]))
            == "vocab.gguf: EOS token id 3 is outside the vocabulary of 3 tokens")
        #expect(try Self.problem(Self.metadata(extra: [("tokenizer.ggml.bos_token_id", .uint64(1 << 40))]))
            == "vocab.gguf: tokenizer.ggml.bos_token_id 1099511627776 is not a token id")
        #expect(try Self.problem(Self.metadata(extra: [("tokenizer.ggml.pre", .string("nonsense"))]))?
            .hasPrefix("vocab.gguf: unknown pre-tokenizer 'nonsense'") == true)
    }
}
