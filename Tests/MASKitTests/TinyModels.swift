import Foundation
import MASKit

/// Small random Llama-family GGUF models with SmolLM2's real tokenizer (its `tokenizer.*` metadata),
/// so the recursion machinery runs end to end in a debug build in seconds. Hidden sizes differ per
/// model, which makes the outer links cross sizes as in a heterogeneous system.
enum TinyModels {
    /// A models directory holding `tiny-<hidden>.gguf` for each size, written once per process.
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-tiny-models-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func model(hidden: Int) throws -> URL {
        let url = directory.appendingPathComponent("tiny-\(hidden).gguf")
        if !FileManager.default.fileExists(atPath: url.path) {
            try Data(try bytes(hidden: hidden)).write(to: url)
        }
        return url
    }

    private static func bytes(hidden h: Int) throws -> [UInt8] {
        let source = try GGUFFile(url: try TestSupport.model(.smolLM2))
        let vocabulary = try source.array("tokenizer.ggml.tokens").count
        let heads = 4, kvHeads = 2, headDim = h / heads, feedForward = 2 * h, layers = 2
        var writer = GGUFTestWriter()
        writer.metadata = [
            ("general.architecture", .string("llama")),
            ("llama.embedding_length", .uint32(UInt32(h))),
            ("llama.block_count", .uint32(UInt32(layers))),
            ("llama.feed_forward_length", .uint32(UInt32(feedForward))),
            ("llama.attention.head_count", .uint32(UInt32(heads))),
            ("llama.attention.head_count_kv", .uint32(UInt32(kvHeads))),
            ("llama.context_length", .uint32(2048)),
            ("llama.attention.layer_norm_rms_epsilon", .float32(1e-5)),
        ]
        for key in source.metadataKeys where key.hasPrefix("tokenizer.") {
            if let value = source.metadata[key] { writer.metadata.append((key, value)) }
        }
        var random = SeededRandom(seed: UInt64(h))
        func tensor(_ name: String, _ dimensions: [Int], scale: Double) -> GGUFTestWriter.Tensor {
            let count = dimensions.reduce(1, *)
            let values = (0..<count).map { _ in Float((random.nextUnit() * 2 - 1) * scale) }
            let data = values.withUnsafeBytes { Array($0) }
            return GGUFTestWriter.Tensor(name: name, type: .f32, dimensions: dimensions.map(UInt64.init), data: data)
        }
        func ones(_ name: String) -> GGUFTestWriter.Tensor {
            let data = [Float](repeating: 1, count: h).withUnsafeBytes { Array($0) }
            return GGUFTestWriter.Tensor(name: name, type: .f32, dimensions: [UInt64(h)], data: data)
        }
        let weight = 1 / Double(h).squareRoot()
        writer.tensors = [tensor("token_embd.weight", [h, vocabulary], scale: 1), ones("output_norm.weight")]
        for layer in 0..<layers {
            let name = { (suffix: String) in "blk.\(layer).\(suffix)" }
            writer.tensors += [
                ones(name("attn_norm.weight")),
                tensor(name("attn_q.weight"), [h, heads * headDim], scale: weight),
                tensor(name("attn_k.weight"), [h, kvHeads * headDim], scale: weight),
                tensor(name("attn_v.weight"), [h, kvHeads * headDim], scale: weight),
                tensor(name("attn_output.weight"), [heads * headDim, h], scale: weight),
                ones(name("ffn_norm.weight")),
                tensor(name("ffn_gate.weight"), [h, feedForward], scale: weight),
                tensor(name("ffn_up.weight"), [h, feedForward], scale: weight),
                tensor(name("ffn_down.weight"), [feedForward, h], scale: weight),
            ]
        }
        return writer.bytes()
    }

    /// A sequential style on tiny models of two sizes (planner and solver 32, critic 48), links "fit".
    /// The answer retry is off unless asked for: random models never write an answer.
    static func sequentialStyle(rounds: Int = 3, latentSteps: Int = 4, maxNewTokens: Int = 6,
                                answerRetry: Bool = false, temperature: Double = 0.8, extra: String = "") throws -> Style {
        _ = try model(hidden: 32)
        _ = try model(hidden: 48)
        let toml = """
            name = "tiny_test_sequential"
            family = "sequential"
            rounds = \(rounds)
            latent_steps = \(latentSteps)
            max_new_tokens = \(maxNewTokens)
            [sampling]
            temperature = \(temperature)
            top_p = 0.95
            seed = 5
            [answer_retry]
            enabled = \(answerRetry)
            max_new_tokens = 3
            [agents.planner]
            model = "tiny-32.gguf"
            prompt = "Plan for: {question}"
            feedback_prompt = '''
            Feedback:
            <<LATENT_FEEDBACK_SLOT>>
            Plan again for: {question}'''
            [agents.critic]
            model = "tiny-48.gguf"
            prompt = '''
            Plan:
            <<LATENT_PLANNER_SLOT>>
            Improve it for: {question}'''
            [agents.solver]
            model = "tiny-32.gguf"
            prompt = '''
            Refined plan:
            <<LATENT_REFINED_SLOT>>
            Solve: {question}'''
            \(extra)
            """
        return try Style(toml: toml, models: models)
    }

    static var models: ModelDirectory { ModelDirectory(environment: ["MASTUI_MODELS": directory.path]) }
}
