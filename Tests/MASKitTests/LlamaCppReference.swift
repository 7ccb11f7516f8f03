import Foundation
import MASKit
import Testing

/// One prompt as llama.cpp ran it (Tests/Fixtures/llamacpp/*.json, made by scripts/reference/llamacpp_fixtures.py),
/// and our engine's greedy run compared with it.
struct LlamaCppCase: Decodable {
    let name: String
    let prompt: String
    let input_ids: [Int32]
    let hidden_norms_per_position: [Float]
    let last_hidden_first8: [Float]
    let last_logits_top10_ids: [Int32]
    let last_logits_top10_values: [Float]
    let greedy_32: Greedy
    /// llama.cpp's own greedy run with flash attention on, or with an f32 KV cache: first step off greedy_32, -1 if none.
    let llama_cpp_variants: [String: Int]
    struct Greedy: Decodable {
        let ids: [Int32]
        /// llama.cpp's top-1 minus top-2 logit at each step.
        let margins: [Float]
    }

    static func all(_ model: String) throws -> [LlamaCppCase] {
        struct Fixture: Decodable { let cases: [LlamaCppCase] }
        let url = TestSupport.fixture("llamacpp/\(model).json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    /// The largest llama.cpp top-2 margin at which another computation of the same model left llama.cpp's greedy
    /// run: llama.cpp itself with flash attention on or an f32 KV cache, and the float32 reference. Below it, a
    /// step is a near-tie that the rounding of 8-bit activations decides by chance.
    static func tieMargin(_ cases: [LlamaCppCase], float: [FloatReferenceCase]) -> Float {
        var steps = cases.map { c in c.llama_cpp_variants.values.filter { $0 >= 0 } }
        for (index, (c, f)) in zip(cases, float).enumerated() {
            if let step = f.greedy_32_ids.indices.first(where: { f.greedy_32_ids[$0] != c.greedy_32.ids[$0] }) {
                steps[index].append(step)
            }
        }
        return zip(cases, steps).flatMap { c, s in s.map { c.greedy_32.margins[$0] } }.max() ?? 0
    }

    /// The largest absolute difference between our prefill of the prompt and llama.cpp's: hidden norms at every
    /// position, the first values of the last hidden state and the top-10 logits (the fixture prints them to four
    /// decimals, so identical arithmetic gives at most 5e-5 plus the norm's own rounding).
    func largestDifference(_ model: LanguageModel) throws -> Float {
        let output = try ModelContext(model: model).prefill(tokens: input_ids, allHiddenStates: true)
        let hidden = try #require(output.hiddenStates)
        let logits = try #require(output.logits)
        let norms = zip(hidden.map(FloatReferenceCase.norm), hidden_norms_per_position).map { abs($0 - $1) }
        let first = zip(try #require(hidden.last).prefix(8), last_hidden_first8).map { abs($0 - $1) }
        let top = zip(last_logits_top10_ids, last_logits_top10_values).map { abs(logits[Int($0)] - $1) }
        return (norms + first + top).max() ?? .infinity
    }

    /// Our greedy run from the prompt against llama.cpp's.
    func compareGreedy(_ model: LanguageModel) throws -> GreedyComparison {
        let context = ModelContext(model: model)
        var logits = try #require(try context.prefill(tokens: input_ids).logits)
        var ours: [Int32] = []
        for _ in greedy_32.ids {
            let next = Self.argmax(logits)
            ours.append(next)
            logits = try #require(try context.step(token: next).logits)
        }
        let step = ours.indices.first { ours[$0] != greedy_32.ids[$0] }
        return GreedyComparison(name: name, ours: ours, divergence: step, llamaMargin: step.map { greedy_32.margins[$0] })
    }

    static func argmax(_ values: [Float]) -> Int32 {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return Int32(best)
    }
}

struct GreedyComparison: CustomStringConvertible {
    let name: String
    let ours: [Int32]
    /// First step where our token differs from llama.cpp's, nil if all 32 agree.
    let divergence: Int?
    /// llama.cpp's top-1 minus top-2 logit at that step.
    let llamaMargin: Float?

    var description: String {
        guard let divergence, let llamaMargin else { return "\(name): 32/32 identical" }
        return "\(name): first different token at step \(divergence), where llama.cpp's own margin is \(llamaMargin)"
    }
}
