import Foundation
import MASKit
import Testing

/// The forward pass against llama.cpp on the same GGUF files (Tests/Fixtures/llamacpp, made by
/// scripts/reference/llamacpp_fixtures.py): prompt ids in, 32 greedy tokens, last logits and the
/// post-final-norm hidden norms out.
@Suite(.serialized) struct LlamaCppParityTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            struct Greedy: Decodable { let ids: [Int32] }
            let name: String
            let input_ids: [Int32]
            let hidden_norms_per_position: [Float]
            let last_logits_top10_ids: [Int]
            let last_logits_top10_values: [Float]
            let greedy_32: Greedy
        }
        let cases: [Case]
    }

    static func fixture(_ name: String) throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: TestSupport.fixture("llamacpp/\(name).json")))
    }

    static func argmax(_ values: [Float]) -> Int32 {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return Int32(best)
    }

    func checkGreedy(model: ModelDirectory.Default, fixture name: String) throws {
        let model = try LanguageModel(url: try TestSupport.model(model))
        for testCase in try Self.fixture(name).cases {
            let context = ModelContext(model: model)
            var output = try context.prefill(tokens: testCase.input_ids, allHiddenStates: true)
            let norms = try #require(output.hiddenStates).map { v in v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            for (ours, theirs) in zip(norms, testCase.hidden_norms_per_position) {
                #expect(abs(ours - theirs) <= 0.01 * theirs, "\(testCase.name): hidden norm \(ours) vs llama.cpp \(theirs)")
            }
            let logits = try #require(output.logits)
            let top = logits.indices.sorted { logits[$0] > logits[$1] }.prefix(10)
            #expect(top.first == testCase.last_logits_top10_ids.first, "\(testCase.name): top token")
            for (id, value) in zip(testCase.last_logits_top10_ids, testCase.last_logits_top10_values) {
                #expect(abs(logits[id] - value) <= 0.02 * max(1, abs(value)), "\(testCase.name): logit of \(id): \(logits[id]) vs \(value)")
            }
            var greedy = [Int32]()
            for _ in 0..<testCase.greedy_32.ids.count {
                let next = Self.argmax(output.logits ?? [])
                greedy.append(next)
                output = try context.step(token: next)
            }
            #expect(greedy == testCase.greedy_32.ids, "\(testCase.name): greedy tokens differ from llama.cpp")
        }
    }

    @Test func smolLM2MatchesLlamaCpp() throws {
        try checkGreedy(model: .smolLM2, fixture: "smollm2")
    }
}
