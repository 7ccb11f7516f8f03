import Foundation
import MASKit
import Testing

/// The engine against two independent references on the same GGUF files, for the same prompts:
/// - Tests/Fixtures/float: a float32 numpy forward pass on the dequantised weights
///   (scripts/reference/float_reference.py), which our f32 arithmetic should follow closely;
/// - Tests/Fixtures/llamacpp: llama.cpp itself (scripts/reference/llamacpp_fixtures.py), which rounds
///   activations to 8 bits before each matrix product, so near-ties may go the other way.
@Suite(.serialized) struct LlamaCppParityTests {
    struct Case: Decodable {
        let name: String
        let prompt: String?
        let input_ids: [Int32]
        let hidden_norms_per_position: [Float]
        let last_hidden_first8: [Float]
        let last_logits_top10_ids: [Int32]
        let last_logits_top10_values: [Float]
        let greedy_32: Greedy?
        let greedy_32_ids: [Int32]?
        struct Greedy: Decodable { let ids: [Int32] }
        var greedy: [Int32] { greedy_32?.ids ?? greedy_32_ids ?? [] }
    }
    struct Fixture: Decodable { let cases: [Case] }

    static func cases(_ reference: String, _ model: String) throws -> [Case] {
        try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: TestSupport.fixture("\(reference)/\(model).json"))).cases
    }

    static func argmax(_ values: [Float]) -> Int32 {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return Int32(best)
    }

    static func norm(_ v: [Float]) -> Float { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    @Test func smolLM2FollowsTheFloatReference() throws {
        let model = try LanguageModel(url: try TestSupport.model(.smolLM2))
        for reference in try Self.cases("float", "smollm2") {
            let output = try ModelContext(model: model).prefill(tokens: reference.input_ids, allHiddenStates: true)
            let norms = try #require(output.hiddenStates).map(Self.norm)
            for (position, (ours, theirs)) in zip(norms, reference.hidden_norms_per_position).enumerated() {
                #expect(abs(ours - theirs) <= 0.001 * theirs, "\(reference.name) position \(position): \(ours) vs \(theirs)")
            }
            let scale = Self.norm(output.hidden)
            for (ours, theirs) in zip(output.hidden, reference.last_hidden_first8) {
                #expect(abs(ours - theirs) <= 1e-3 * scale, "\(reference.name): last hidden \(ours) vs \(theirs)")
            }
            let logits = try #require(output.logits)
            #expect(Self.argmax(logits) == reference.last_logits_top10_ids[0], "\(reference.name): top token")
            for (id, value) in zip(reference.last_logits_top10_ids, reference.last_logits_top10_values) {
                #expect(abs(logits[Int(id)] - value) <= 0.01, "\(reference.name): logit of \(id): \(logits[Int(id)]) vs \(value)")
            }
        }
    }

    /// Same tokenisation, hidden norms within 1.5 %, and, fed llama.cpp's own greedy continuation, the same
    /// next token at ≥ 28 of 32 steps (the float reference itself agrees at 29–31).
    @Test func smolLM2AgreesWithLlamaCpp() throws {
        let textModel = try TextModel(url: try TestSupport.model(.smolLM2))
        for reference in try Self.cases("llamacpp", "smollm2") {
            let prompt = try #require(reference.prompt)
            #expect(textModel.tokenizer.encode(prompt, addSpecial: true, parseSpecial: true) == reference.input_ids,
                    "\(reference.name): token ids")
            let context = ModelContext(model: textModel.model)
            var output = try context.prefill(tokens: reference.input_ids, allHiddenStates: true)
            let norms = try #require(output.hiddenStates).map(Self.norm)
            for (position, (ours, theirs)) in zip(norms, reference.hidden_norms_per_position).enumerated() {
                #expect(abs(ours - theirs) <= 0.015 * theirs, "\(reference.name) position \(position): \(ours) vs \(theirs)")
            }
            var agreeing = 0
            for token in reference.greedy {
                if Self.argmax(output.logits ?? []) == token { agreeing += 1 }
                output = try context.step(token: token)
            }
            #expect(agreeing >= 28, "\(reference.name): next token agrees with llama.cpp at \(agreeing)/32 steps")
        }
    }
}
