import Foundation
import MASKit
import Testing

/// Hugging Face checkpoints (Tests/Fixtures/hf-tiny, random bf16 weights) against what PyTorch computed from
/// the same files (expected.json), and variants the PyTorch fixtures do not cover against the numpy port in
/// scripts/reference/hf_numpy_reference.py (which reproduces the PyTorch fixtures to ~1e-6 first).
@Suite struct HuggingFaceModelTests {
    static let architectures = ["llama", "qwen2", "qwen3", "mistral", "gemma3", "qwen3_5"]

    @Test(arguments: architectures)
    func matchesPyTorch(_ arch: String) throws {
        let model = try LanguageModel(url: HFTiny.directory(arch))
        try HFTiny.check(model, against: HFTiny.expected("hf-tiny/\(arch)/expected.json"), label: arch)
    }

    /// Larger Qwen3.5 checkpoints made by transformers (scripts/reference/qwen35_fixtures.py): the real 3:1
    /// DeltaNet/attention pattern, grouped value heads, a value width unlike the key width, a short
    /// convolution, a pattern from `full_attention_interval`, an untied head and another rotary fraction.
    @Test(arguments: ["pattern_3to1", "wide_untied"])
    func largerQwen35MatchesPyTorch(_ name: String) throws {
        let model = try LanguageModel(url: TestSupport.fixture("hf-qwen35/\(name)"))
        try HFTiny.check(model, against: HFTiny.expected("hf-qwen35/\(name)/expected.json"), label: name)
    }

    @Test func llama3RoPEScalingMatchesNumpy() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("config.json"))
        try FileManager.default.copyItem(at: TestSupport.fixture("hf-variants/llama_rope_llama3/config.json"),
                                         to: directory.appendingPathComponent("config.json"))
        let model = try LanguageModel(url: directory)
        #expect(model.config.ropeScaling == .llama3(factor: 8, lowFrequencyFactor: 1, highFrequencyFactor: 4,
                                                    originalContextLength: 64))
        try HFTiny.check(model, against: HFTiny.expected("hf-variants/llama_rope_llama3/expected.json"), label: "llama3 rope")
    }

    /// The llama checkpoint split into two shards with an index gives PyTorch's results for the whole file.
    @Test func shardedCheckpointMatchesPyTorch() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.shard(directory, splitAt: 10)
        let model = try LanguageModel(url: directory)
        guard case .huggingFace(_, let weights) = model.format else { throw HFTiny.Failure("not opened as a Hugging Face directory") }
        #expect(weights.shards.count == 2)
        try HFTiny.check(model, against: HFTiny.expected("hf-tiny/llama/expected.json"), label: "sharded")
    }

    /// Checkpoints saved by transformers 4 spell RoPE as rope_theta / rope_local_base_freq, the dtype as
    /// torch_dtype, Gemma 3's layer pattern as sliding_window_pattern, and multimodal Gemma 3 nests the text
    /// model (text_config, language_model.model.* tensors). Same weights, so PyTorch's results must hold.
    @Test func transformers4SpellingOfLlama() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.editConfig(directory) { config in
            config["rope_parameters"] = nil
            config["rope_theta"] = 500_000.0
            config["rope_scaling"] = NSNull()
            config["torch_dtype"] = config.removeValue(forKey: "dtype")
        }
        try HFTiny.check(LanguageModel(url: directory), against: HFTiny.expected("hf-tiny/llama/expected.json"),
                         label: "llama, transformers 4 config")
    }

    @Test func transformers4MultimodalGemma3() throws {
        let directory = try HFTiny.copy("gemma3")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.editConfig(directory) { config in
            var text = config
            text["rope_parameters"] = nil
            text["layer_types"] = nil
            text["_sliding_window_pattern"] = nil
            text["sliding_window_pattern"] = 2
            text["rope_theta"] = 1_000_000.0
            text["rope_local_base_freq"] = 10_000.0
            text["torch_dtype"] = text.removeValue(forKey: "dtype")
            config = ["model_type": "gemma3", "architectures": ["Gemma3ForConditionalGeneration"], "text_config": text,
                      "torch_dtype": "bfloat16"]
        }
        try HFTiny.rewriteWeights(directory) { tensors in
            tensors = tensors.map { tensor in
                NamedTensor(name: "language_model." + tensor.name, shape: tensor.shape, values: tensor.values)
            }
        }
        let model = try LanguageModel(url: directory)
        #expect(model.config.layerKinds == [.slidingAttention, .fullAttention] && model.config.modelType == "gemma3")
        try HFTiny.check(model, against: HFTiny.expected("hf-tiny/gemma3/expected.json"),
                         label: "gemma3, transformers 4 multimodal config")
    }

    /// Q8_0 rounds each weight to a step of max|block| / 127: for these Gaussian random weights about 0.5 % of
    /// their spread, compounded over two layers whose random attention is sharp; the matrix products also round
    /// their inputs to 8 bits, as llama.cpp does. Measured against PyTorch's full-precision results: hidden
    /// norms within 0.8 %, top-10 logits within 9.3 % of max(1, |logit|) (mistral; 2.9-7.8 % for the others).
    /// The tolerances (2 %, 12 %) leave room for that and still catch a broken quantiser, which moves logits by
    /// their own size. The top token must not change, unless PyTorch's top two lie within that tolerance of
    /// each other (qwen3: 5.157 vs 5.054), where either may win.
    @Test(arguments: architectures)
    func q8_0StaysCloseToPyTorch(_ arch: String) throws {
        let model = try LanguageModel(url: HFTiny.directory(arch), quantize: .q8_0)
        #expect(model.quantization == .q8_0)
        let expected = try HFTiny.expected("hf-tiny/\(arch)/expected.json")
        let result = try HFTiny.run(model, expected.input_ids, greedy: 1)
        for (ours, theirs) in zip(result.norms, expected.hidden_norms_per_position) {
            #expect(abs(ours - theirs) <= 0.02 * theirs, "\(arch) q8_0: hidden norm \(ours) vs \(theirs)")
        }
        let values = expected.last_logits_top10_values, tolerance: Float = 0.12
        let nearTie = values[0] - values[1] <= tolerance * max(1, abs(values[0]))
        let allowed = expected.last_logits_top10_ids.prefix(nearTie ? 2 : 1)
        #expect(result.top10.first.map(allowed.contains) == true, "\(arch) q8_0: top token")
        for (id, value) in zip(expected.last_logits_top10_ids, values) {
            #expect(abs(result.logits[id] - value) <= tolerance * max(1, abs(value)), "\(arch) q8_0: logit of \(id)")
        }
    }

    @Test func configMapping() throws {
        let gemma = try LanguageModel(url: HFTiny.directory("gemma3")).config
        #expect(gemma.architecture == .gemma3 && gemma.modelType == "gemma3_text")
        #expect(gemma.slidingWindow == 8 && gemma.layerKinds == [.slidingAttention, .fullAttention])
        #expect(gemma.ropeBase == 1_000_000 && gemma.localRopeBase == 10_000)
        #expect(gemma.attentionScale == 1 / Float(32).squareRoot() && gemma.scalesEmbeddings && gemma.usesGELU)
        #expect(gemma.tiesOutputToEmbedding && gemma.ropeLayout == .neox)
        let qwen2 = try LanguageModel(url: HFTiny.directory("qwen2")).config
        #expect(qwen2.architecture == .qwen2 && qwen2.slidingWindow == nil && !qwen2.tiesOutputToEmbedding)
        let mistral = try LanguageModel(url: HFTiny.directory("mistral")).config
        #expect(mistral.architecture == .llama && mistral.modelType == "mistral" && mistral.ropeLayout == .neox)
        let qwen35 = try LanguageModel(url: HFTiny.directory("qwen3_5")).config
        #expect(qwen35.architecture == .qwen3_5 && qwen35.layerKinds == [.linearAttention, .fullAttention])
        #expect(qwen35.ropeDimensions == 8 && qwen35.headDim == 32 && qwen35.gatesAttentionOutput && qwen35.hasRecurrentLayers)
        #expect(qwen35.deltaNet == DeltaNetShape(keyHeads: 2, valueHeads: 4, keyHeadDim: 16, valueHeadDim: 16, convolutionWidth: 4))
    }

    @Test func generationDefaults() throws {
        let gemma = try LanguageModel(url: HFTiny.directory("gemma3")).generationDefaults
        #expect(gemma.bosTokenID == 2 && gemma.eosTokenIDs == [1])
        #expect(gemma.sampling == .greedy)  // no do_sample: transformers decodes greedily
        // qwen2's generation_config.json names no eos: config.json's is used.
        #expect(try LanguageModel(url: HFTiny.directory("qwen2")).generationDefaults.eosTokenIDs == [2])

        let directory = try HFTiny.copy("qwen3")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.writeJSON(["do_sample": true, "temperature": 0.6, "top_k": 20, "top_p": 0.95, "eos_token_id": [2, 5]],
                             to: directory.appendingPathComponent("generation_config.json"))
        let qwen3 = try LanguageModel(url: directory).generationDefaults
        #expect(qwen3.eosTokenIDs == [2, 5])
        #expect(qwen3.sampling == SamplingSettings(temperature: 0.6, topK: 20, topP: 0.95))
    }

    @Test func ggufGenerationDefaults() throws {
        let gemma = try LanguageModel(url: TestSupport.model(.gemma3))
        #expect(gemma.ggufFile != nil)
        #expect(gemma.generationDefaults.bosTokenID == 2 && gemma.generationDefaults.eosTokenIDs.contains(1))
        #expect(gemma.generationDefaults.sampling == nil)
    }
}

/// Damaged checkpoints: each gives one line naming the file and the problem.
@Suite struct HuggingFaceBadInputTests {
    func expectError(_ directory: URL, mentioning parts: [String]) {
        do {
            _ = try LanguageModel(url: directory)
            Issue.record("opened a damaged checkpoint")
        } catch {
            let text = "\(error)"
            #expect(!text.contains("\n"), "\(text)")
            for part in parts { #expect(text.contains(part), "\(text)") }
        }
    }

    @Test func unsupportedModelType() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.editConfig(directory) { $0["model_type"] = "phi3" }
        expectError(directory, mentioning: ["config.json", "model_type 'phi3' is not supported",
                                            "llama, mistral, qwen2, qwen3, gemma3_text, gemma3"])
    }

    @Test func missingShard() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.shard(directory, splitAt: 10)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("model-00002-of-00002.safetensors"))
        expectError(directory, mentioning: ["model-00002-of-00002.safetensors", "missing", "model.safetensors.index.json"])
    }

    @Test func indexPlacesATensorInTheWrongShard() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (first, _) = try HFTiny.shard(directory, splitAt: 10)
        let moved = first[0]
        let indexURL = directory.appendingPathComponent("model.safetensors.index.json")
        var index = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: indexURL)) as? [String: Any])
        var map = try #require(index["weight_map"] as? [String: String])
        map[moved] = "model-00002-of-00002.safetensors"
        index["weight_map"] = map
        try HFTiny.writeJSON(index, to: indexURL)
        expectError(directory, mentioning: ["model-00002-of-00002.safetensors", "does not hold tensor '\(moved)'"])
    }

    @Test func truncatedShard() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.shard(directory, splitAt: 10)
        let shard = directory.appendingPathComponent("model-00001-of-00002.safetensors")
        let bytes = try Data(contentsOf: shard)
        try bytes.prefix(bytes.count - 100).write(to: shard)
        expectError(directory, mentioning: ["model-00001-of-00002.safetensors", "past the"])
    }

    @Test func tensorWithTheWrongShape() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = "model.layers.0.self_attn.k_proj.weight"
        try HFTiny.rewriteWeights(directory) { tensors in
            tensors = tensors.map { $0.name == name ? NamedTensor(name: name, shape: $0.shape.reversed(), values: $0.values) : $0 }
        }
        expectError(directory, mentioning: ["model.safetensors", "tensor '\(name)' has shape [64, 32], expected [32, 64]"])
    }

    @Test func missingTensor() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = "model.layers.1.mlp.down_proj.weight"
        try HFTiny.rewriteWeights(directory) { tensors in tensors.removeAll { $0.name == name } }
        expectError(directory, mentioning: ["missing tensor '\(name)'"])
    }

    @Test func missingBiasOfQwen2() throws {
        let directory = try HFTiny.copy("qwen2")
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = "model.layers.0.self_attn.k_proj.bias"
        try HFTiny.rewriteWeights(directory) { tensors in tensors.removeAll { $0.name == name } }
        expectError(directory, mentioning: ["missing tensor '\(name)'"])
    }

    @Test func directoryWithoutWeights() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("model.safetensors"))
        expectError(directory, mentioning: ["neither model.safetensors nor model.safetensors.index.json"])
    }

    /// `mastui probe --ids`: ids fed as they are give PyTorch's norms at all 200 positions.
    @Test func probeOfIdsMatchesPyTorch() async throws {
        let expected = try HFTiny.expected("hf-tiny/qwen3/expected.json")
        let probe = try await ModelProbe(textModel: TextModel(url: HFTiny.directory("qwen3")), input: .ids(expected.long_input_ids))
        #expect(probe.input_ids == expected.long_input_ids)
        #expect(probe.hidden_norms_per_position.count == 200)
        for (ours, theirs) in zip(probe.hidden_norms_per_position, expected.long_hidden_norms_per_position) {
            #expect(abs(ours - theirs) <= 1e-4 * theirs)
        }
        #expect(probe.last_logits_top10_ids.map(Int.init) == expected.long_last_logits_top10_ids)
    }

    /// The multimodal wrapper: `qwen3_5` with the text model under `text_config` and its weights under
    /// `model.language_model.` (as the released agents store them), the vision tower left out.
    @Test func qwen35WrapperConfigAndPrefix() throws {
        let directory = try HFTiny.copy("qwen3_5")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.editConfig(directory) { config in
            config = ["model_type": "qwen3_5", "architectures": ["Qwen3_5ForConditionalGeneration"], "text_config": config,
                      "vision_config": ["depth": 2]]
        }
        try HFTiny.rewriteWeights(directory) { tensors in
            tensors = tensors.map { tensor in
                NamedTensor(name: tensor.name.replacingOccurrences(of: "model.", with: "model.language_model."),
                            shape: tensor.shape, values: tensor.values)
            }
        }
        try HFTiny.check(LanguageModel(url: directory), against: HFTiny.expected("hf-tiny/qwen3_5/expected.json"),
                         label: "qwen3_5 wrapper")
    }

    /// Without `layer_types`, every `full_attention_interval`-th layer is full attention.
    @Test func qwen35LayerPatternFromTheInterval() throws {
        let directory = try HFTiny.copy("qwen3_5")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.editConfig(directory) { config in
            config["layer_types"] = nil
            config["full_attention_interval"] = 2
        }
        let model = try LanguageModel(url: directory)
        #expect(model.config.layerKinds == [.linearAttention, .fullAttention])
        try HFTiny.editConfig(directory) { $0["layer_types"] = ["linear_attention", "sliding_attention"] }
        expectError(directory, mentioning: ["config.json", "layer type 'sliding_attention' is not supported"])
    }

    /// A key given twice means what Python's json (so transformers) makes of it: the last one.
    @Test func duplicateConfigKeysResolveToTheLastAsInPython() throws {
        let directory = try HFTiny.copy("qwen3")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("config.json")
        let original = try String(contentsOf: url, encoding: .utf8)
        try original.replacingOccurrences(of: "{", with: #"{"num_hidden_layers": 1, "#, options: [], range: original.range(of: "{"))
            .write(to: url, atomically: true, encoding: .utf8)
        let model = try LanguageModel(url: directory)
        #expect(model.config.layerCount == 2)
        try HFTiny.check(model, against: HFTiny.expected("hf-tiny/qwen3/expected.json"), label: "duplicate key first")
        let closing = try #require(original.range(of: "}", options: .backwards))
        try original.replacingCharacters(in: closing, with: #", "num_hidden_layers": 1}"#).write(to: url, atomically: true, encoding: .utf8)
        // One layer now, as Python reads it, which the two layer_types entries contradict.
        expectError(directory, mentioning: ["'layer_types' has 2 entries for 1 layers"])
    }

    @Test func unsupportedRoPEType() throws {
        let directory = try HFTiny.copy("llama")
        defer { try? FileManager.default.removeItem(at: directory) }
        try HFTiny.editConfig(directory) { $0["rope_parameters"] = ["rope_theta": 10000.0, "rope_type": "yarn", "factor": 4.0] }
        expectError(directory, mentioning: ["config.json", "RoPE type 'yarn' is not supported"])
    }
}

/// The hf-tiny fixtures and checkpoints made from them in temporary directories.
enum HFTiny {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Expected: Decodable {
        let input_ids: [Int32]
        let hidden_norms_per_position: [Float]
        let last_hidden_first8: [Float]
        let last_logits_top10_ids: [Int]
        let last_logits_top10_values: [Float]
        let greedy_16: [Int32]
        let long_input_ids: [Int32]
        let long_hidden_norms_per_position: [Float]
        let long_last_logits_top10_ids: [Int]
        let long_last_logits_top10_values: [Float]
    }

    struct Result {
        let norms: [Float]
        let hidden: [Float]
        let logits: [Float]
        let top10: [Int]
        let greedy: [Int32]
    }

    static func directory(_ arch: String) -> URL { TestSupport.fixture("hf-tiny/\(arch)") }

    static func expected(_ path: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: TestSupport.fixture(path)))
    }

    /// Prompt through prefill, then `greedy` argmax tokens through the KV cache.
    static func run(_ model: LanguageModel, _ ids: [Int32], greedy: Int) throws -> Result {
        let context = ModelContext(model: model)
        var output = try context.prefill(tokens: ids, allHiddenStates: true)
        let norms = try #require(output.hiddenStates).map { v in v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let logits = try #require(output.logits)
        let top10 = Array(logits.indices.sorted { (logits[$0], $1) > (logits[$1], $0) }.prefix(10))
        let hidden = output.hidden
        var tokens: [Int32] = []
        for _ in 0..<greedy {
            let next = LlamaCppCase.argmax(try #require(output.logits))
            tokens.append(next)
            output = try context.step(token: next)
        }
        return Result(norms: norms, hidden: hidden, logits: logits, top10: top10, greedy: tokens)
    }

    /// On the short text and the 200-position input: norms at every position, first hidden values and top-10
    /// logits within `tolerance` relative (to max(1, |v|) for values that may be near 0); top-10 ids and
    /// greedy tokens identical.
    static func check(_ model: LanguageModel, against expected: Expected, tolerance: Float = 1e-4, label: String) throws {
        let result = try run(model, expected.input_ids, greedy: expected.greedy_16.count)
        checkPositions(result, norms: expected.hidden_norms_per_position, top10: expected.last_logits_top10_ids,
                       values: expected.last_logits_top10_values, tolerance: tolerance, label: label)
        for (ours, theirs) in zip(result.hidden, expected.last_hidden_first8) {
            #expect(abs(ours - theirs) <= tolerance * max(1, abs(theirs)), "\(label): hidden value \(ours) vs \(theirs)")
        }
        #expect(result.greedy == expected.greedy_16, "\(label): greedy tokens")
        let long = try run(model, expected.long_input_ids, greedy: 0)
        checkPositions(long, norms: expected.long_hidden_norms_per_position, top10: expected.long_last_logits_top10_ids,
                       values: expected.long_last_logits_top10_values, tolerance: tolerance, label: "\(label), 200 positions")
    }

    private static func checkPositions(_ result: Result, norms: [Float], top10: [Int], values: [Float], tolerance: Float,
                                       label: String) {
        #expect(result.norms.count == norms.count, "\(label): positions")
        for (position, (ours, theirs)) in zip(result.norms, norms).enumerated() {
            #expect(abs(ours - theirs) <= tolerance * theirs, "\(label): hidden norm at \(position): \(ours) vs \(theirs)")
        }
        #expect(result.top10 == top10, "\(label): top-10 ids")
        for (id, value) in zip(top10, values) {
            #expect(abs(result.logits[id] - value) <= tolerance * max(1, abs(value)),
                    "\(label): logit of \(id): \(result.logits[id]) vs \(value)")
        }
    }

    /// A writable copy of a fixture checkpoint in a new temporary directory.
    static func copy(_ arch: String) throws -> URL {
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("hf-\(arch)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in ["config.json", "generation_config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: directory(arch).appendingPathComponent(name),
                                             to: destination.appendingPathComponent(name))
            try FileManager.default.setAttributes([.posixPermissions: 0o644],
                                                  ofItemAtPath: destination.appendingPathComponent(name).path)
        }
        return destination
    }

    static func tensors(_ directory: URL) throws -> [NamedTensor] {
        let file = try SafetensorsFile(url: directory.appendingPathComponent("model.safetensors"))
        return try file.tensorNames.map { name in
            NamedTensor(name: name, shape: try #require(file.info(named: name)).shape, values: try file.floats(named: name))
        }
    }

    static func rewriteWeights(_ directory: URL, _ edit: (inout [NamedTensor]) -> Void) throws {
        var all = try tensors(directory)
        edit(&all)
        try SafetensorsWriter.write(all, dtype: .bf16, to: directory.appendingPathComponent("model.safetensors"))
    }

    /// Replaces model.safetensors by two bf16 shards (the first `count` tensors, then the rest) and an index.
    @discardableResult
    static func shard(_ directory: URL, splitAt count: Int) throws -> (first: [String], second: [String]) {
        let all = try tensors(directory)
        let parts = [Array(all.prefix(count)), Array(all.dropFirst(count))]
        var map: [String: String] = [:]
        for (i, part) in parts.enumerated() {
            let name = "model-0000\(i + 1)-of-00002.safetensors"
            try SafetensorsWriter.write(part, dtype: .bf16, to: directory.appendingPathComponent(name))
            for tensor in part { map[tensor.name] = name }
        }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("model.safetensors"))
        try writeJSON(["metadata": ["total_size": 0], "weight_map": map],
                      to: directory.appendingPathComponent("model.safetensors.index.json"))
        return (parts[0].map(\.name), parts[1].map(\.name))
    }

    static func editConfig(_ directory: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = directory.appendingPathComponent("config.json")
        var config = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        edit(&config)
        try writeJSON(config, to: url)
    }

    static func writeJSON(_ object: [String: Any], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
    }
}
