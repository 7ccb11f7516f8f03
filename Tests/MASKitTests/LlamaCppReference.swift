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
    /// The same with the prompt fed one token at a time (llama.cpp sums a lone token in another order).
    let hidden_norms_token_by_token: [Float]
    let last_hidden_first8: [Float]
    let last_logits_top10_ids: [Int32]
    let last_logits_top10_values: [Float]
    let greedy_32: Greedy
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

    /// The largest relative difference between our prefill of the prompt and llama.cpp's: hidden norms at every
    /// position, the first values of the last hidden state and the top-10 logits. The fixture prints six
    /// significant digits, so identical arithmetic differs by at most 5e-6.
    func largestRelativeDifference(_ model: LanguageModel) throws -> Float {
        let output = try ModelContext(model: model).prefill(tokens: input_ids, allHiddenStates: true)
        let hidden = try #require(output.hiddenStates)
        let logits = try #require(output.logits)
        let ours = hidden.map(FloatReferenceCase.norm) + hidden[hidden.count - 1].prefix(8)
            + last_logits_top10_ids.map { logits[Int($0)] }
        let theirs = hidden_norms_per_position + last_hidden_first8 + last_logits_top10_values
        return zip(ours, theirs).map { abs($0 - $1) / max(abs($1), 1e-6) }.max() ?? .infinity
    }

    /// The largest relative difference between the hidden norms of our token-by-token run of the prompt and
    /// llama.cpp's.
    func tokenByTokenRelativeDifference(_ model: LanguageModel) throws -> Float {
        let context = ModelContext(model: model)
        let norms = try input_ids.map { FloatReferenceCase.norm(try context.step(token: $0, logits: false).hidden) }
        return zip(norms, hidden_norms_token_by_token).map { abs($0 - $1) / $1 }.max() ?? .infinity
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
