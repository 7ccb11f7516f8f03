import Foundation
import MASKit
import Testing

/// Model files whose counts, sizes and constants are absurd, negative or not numbers: each is refused with
/// one line naming the key, before anything is allocated or looped over (they once crashed, ate gigabytes
/// or hung).
@Suite struct HostileHyperparameterTests {
    /// A minimal consistent GGUF model of `architecture` (2 layers, hidden 8, 16 tokens) with `changes`
    /// applied to its metadata (nil removes a key).
    static func gguf(_ architecture: String = "llama", changes: [String: GGUFValue?] = [:],
                     tokens: Int? = nil) throws -> Result<TransformerConfig, Error> {
        let h = 8, layers = 2, vocabulary = 16
        var metadata: [(key: String, value: GGUFValue)] = [
            ("general.architecture", .string(architecture)),
            ("\(architecture).embedding_length", .uint32(UInt32(h))),
            ("\(architecture).block_count", .uint32(UInt32(layers))),
            ("\(architecture).feed_forward_length", .uint32(16)),
            ("\(architecture).attention.head_count", .uint32(2)),
            ("\(architecture).attention.layer_norm_rms_epsilon", .float32(1e-5)),
        ]
        if let tokens {
            metadata.append(("tokenizer.ggml.tokens", .array(elementType: .string, (0..<tokens).map { .string("t\($0)") })))
        }
        for (key, value) in changes {
            metadata.removeAll { $0.key == key }
            if let value { metadata.append((key, value)) }
        }
        func tensor(_ name: String, _ dimensions: [Int]) -> GGUFTestWriter.Tensor {
            let data = [Float](repeating: 0.5, count: dimensions.reduce(1, *)).withUnsafeBytes { Array($0) }
            return GGUFTestWriter.Tensor(name: name, type: .f32, dimensions: dimensions.map(UInt64.init), data: data)
        }
        var writer = GGUFTestWriter()
        writer.metadata = metadata
        writer.tensors = [tensor("token_embd.weight", [h, vocabulary])]
            + (0..<layers).map { tensor("blk.\($0).attn_norm.weight", [h]) }
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let file = try GGUFFile(url: try scratch.write(writer.bytes(), name: "bad.gguf"))
        return Result { try TransformerConfig(gguf: file) }
    }

    static func expectRefused(_ result: Result<TransformerConfig, Error>, mentioning text: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        switch result {
        case .success: Issue.record("accepted a hostile file (\(text))", sourceLocation: sourceLocation)
        case .failure(let error):
            let message = "\(error)"
            #expect(message.hasPrefix("bad.gguf: ") && message.contains(text) && !message.contains("\n"), "\(message)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test func theBaseFileIsAccepted() throws {
        let config = try Self.gguf().get()
        #expect(config.layerCount == 2 && config.hiddenSize == 8 && config.vocabularySize == 16)
    }

    @Test func absurdOrNegativeCounts() throws {
        let cases: [(String, GGUFValue, String)] = [
            ("llama.block_count", .uint32(1 << 31), "'llama.block_count' is 2147483648, outside 1...1024"),
            ("llama.block_count", .int64(.max), "'llama.block_count' is 9223372036854775807, outside 1...1024"),
            ("llama.block_count", .int32(-1), "'llama.block_count' is -1, outside 1...1024"),
            ("llama.block_count", .uint32(3), "'llama.block_count' is 3 but the file has tensors for 2 layers"),
            ("llama.context_length", .uint64(1 << 40), "'llama.context_length' is 1099511627776, outside 1...16777216"),
            ("llama.rope.dimension_count", .int32(-2), "'llama.rope.dimension_count' is -2, outside 1...4"),
            ("llama.rope.dimension_count", .int64(-(1 << 62)), "'llama.rope.dimension_count' is -4611686018427387904"),
            ("llama.embedding_length", .int32(0), "'llama.embedding_length' is 0, outside 1...262144"),
            ("llama.attention.head_count", .int32(-4), "'llama.attention.head_count' is -4, outside 1...4096"),
            ("llama.feed_forward_length", .uint64(1 << 50), "'llama.feed_forward_length' is 1125899906842624"),
            ("llama.vocab_size", .int32(-16), "'llama.vocab_size' is -16, outside 1...4194304"),
        ]
        for (key, value, message) in cases {
            Self.expectRefused(try Self.gguf(changes: [key: value]), mentioning: message)
        }
    }

    @Test func constantsThatAreZeroInfiniteOrNotANumber() throws {
        for value: Float in [0, -1, .infinity, .nan] {
            Self.expectRefused(try Self.gguf(changes: ["llama.attention.layer_norm_rms_epsilon": .float32(value)]),
                               mentioning: "'llama.attention.layer_norm_rms_epsilon' is \(value); it must be a positive finite number")
            Self.expectRefused(try Self.gguf(changes: ["llama.rope.freq_base": .float32(value)]),
                               mentioning: "'llama.rope.freq_base' is \(value)")
            Self.expectRefused(try Self.gguf(changes: ["llama.final_logit_softcapping": .float32(value)]),
                               mentioning: "'llama.final_logit_softcapping' is \(value)")
        }
        let gemma: [String: GGUFValue?] = ["gemma3.attention.sliding_window": .int32(0)]
        Self.expectRefused(try Self.gguf("gemma3", changes: gemma), mentioning: "'gemma3.attention.sliding_window' is 0, outside 1...")
    }

    @Test func aTokenListThatDoesNotMatchTheEmbeddings() throws {
        Self.expectRefused(try Self.gguf(tokens: 5), mentioning: "the tokenizer lists 5 tokens but token_embd.weight has 16 rows")
        #expect(try Self.gguf(tokens: 16).get().vocabularySize == 16)
    }

    /// The same bounds for config.json.
    @Test func huggingFaceConfigsAreBoundedToo() throws {
        let cases: [(String, Any, String)] = [
            ("num_hidden_layers", -1, "'num_hidden_layers' is -1, outside 1...1024"),
            ("num_hidden_layers", 1 << 31, "'num_hidden_layers' is 2147483648, outside 1...1024"),
            ("max_position_embeddings", 1 << 40, "'max_position_embeddings' is 1099511627776, outside 1...16777216"),
            ("head_dim", -2, "'head_dim' is -2, outside 1...262144"),
            ("rms_norm_eps", 0.0, "'rms_norm_eps' is 0.0; it must be a positive finite number"),
            ("partial_rotary_factor", -0.5, "'partial_rotary_factor' is -0.5; it must be in (0, 1]"),
        ]
        for (key, value, message) in cases {
            let directory = try HFTiny.copy("qwen3")
            defer { try? FileManager.default.removeItem(at: directory) }
            try HFTiny.editConfig(directory) { $0[key] = value }
            do {
                _ = try LanguageModel(url: directory)
                Issue.record("accepted \(key) = \(value)")
            } catch {
                #expect("\(error)".contains("config.json") && "\(error)".contains(message), "\(error)")
            }
        }
    }

    /// A norm weight of NaN or ∞ is refused at load, naming the tensor.
    @Test func nonFiniteVectorsAreRefused() throws {
        for bad: Float in [.nan, .infinity] {
            let directory = try HFTiny.copy("qwen3")
            defer { try? FileManager.default.removeItem(at: directory) }
            try HFTiny.rewriteWeights(directory) { tensors in
                let index = tensors.firstIndex { $0.name == "model.layers.1.post_attention_layernorm.weight" }!
                tensors[index] = NamedTensor(name: tensors[index].name, shape: tensors[index].shape,
                                             values: [bad] + tensors[index].values.dropFirst())
            }
            do {
                _ = try LanguageModel(url: directory)
                Issue.record("accepted a \(bad) norm weight")
            } catch {
                #expect("\(error)".contains("tensor 'model.layers.1.post_attention_layernorm.weight' holds \(bad) at 0; weights must be finite"),
                        "\(error)")
            }
        }
    }

    /// Property test over 2,000 files: every hyperparameter key set to an extreme integer or float (or
    /// removed), one to three at a time. Each file is accepted with values inside the bounds, or refused with
    /// one line; none crashes or hangs.
    @Test func extremeValuesEverywhereAreAcceptedInBoundsOrRefused() throws {
        let keys = ["embedding_length", "block_count", "feed_forward_length", "attention.head_count",
                    "attention.head_count_kv", "attention.key_length", "context_length", "rope.dimension_count",
                    "vocab_size", "attention.layer_norm_rms_epsilon", "rope.freq_base", "final_logit_softcapping",
                    "attention.sliding_window", "rope.scaling.factor"]
        let integers: [Int64] = [.min, -(1 << 62), -2, -1, 0, 1, 2, 3, 7, 8, 16, 1 << 31, 1 << 40, .max]
        let floats: [Float] = [.nan, .infinity, -.infinity, 0, -1, 1e-30, 1, 1e38]
        var random = SeededGenerator(state: 15)
        var refused = 0
        for _ in 0..<2_000 {
            let architecture = Bool.random(using: &random) ? "llama" : "gemma3"
            var changes: [String: GGUFValue?] = [:]
            for _ in 0...Int.random(in: 0...2, using: &random) {
                let key = "\(architecture).\(keys.randomElement(using: &random)!)"
                switch Int.random(in: 0..<3, using: &random) {
                case 0: changes[key] = .int64(integers.randomElement(using: &random)!)
                case 1: changes[key] = .float32(floats.randomElement(using: &random)!)
                default: changes[key] = .some(nil)
                }
            }
            switch try Self.gguf(architecture, changes: changes) {
            case .success(let config):
                #expect(Hyperparameters.layers.contains(config.layerCount) && config.layerCount <= 2)
                #expect((1...Hyperparameters.context.upperBound).contains(config.contextLength))
                #expect(config.ropeDimensions > 0 && config.ropeDimensions <= config.headDim)
                #expect(config.normEpsilon > 0 && config.normEpsilon.isFinite && config.ropeBase.isFinite)
            case .failure(let error):
                refused += 1
                #expect(!"\(error)".contains("\n") && "\(error)".hasPrefix("bad.gguf: "), "\(error)")
            }
        }
        #expect(refused > 500 && refused < 2_000)
    }
}
