import Foundation
import MASKit
import Testing

/// The forward API: the same positions give the same hidden states whichever way they are fed, and bad input
/// is refused with a clear error.
@Suite(.serialized) struct ModelContextTests {
    static let prompt: [Int32] = [504, 2365, 6354, 16438, 27003, 690, 260, 23790, 2767, 30, 4027, 1980, 28, 281,
                                  253, 1165, 5000, 411, 260, 2734, 28]

    static func model() throws -> LanguageModel {
        try LanguageModel(url: try TestSupport.model(.smolLM2))
    }

    static func maxRelativeDifference(_ a: [Float], _ b: [Float]) -> Float {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs($0 - $1) }.max().map { $0 / scale } ?? .infinity
    }

    /// Positions fed at once (in two chunks) or one by one give the same hidden states. This runs on the tiny
    /// Llama checkpoint, whose float32 arithmetic does not depend on the batch; GGUF models follow llama.cpp,
    /// which sums a batch in another order than a lone token (LlamaCppParityTests checks both against it).
    @Test func prefillAtOnceEqualsTokenByToken() throws {
        let model = try LanguageModel(url: TestSupport.fixture("hf-tiny/llama"))
        let prompt = (0..<70).map { Int32(($0 * 37 + 11) % 384) }
        let batched = try ModelContext(model: model).prefill(tokens: prompt, allHiddenStates: true)
        let stepwise = ModelContext(model: model)
        for (index, token) in prompt.enumerated() {
            let output = try stepwise.step(token: token)
            let expected = try #require(batched.hiddenStates)[index]
            #expect(Self.maxRelativeDifference(output.hidden, expected) < 1e-4, "position \(index)")
        }
        #expect(stepwise.position == prompt.count)
    }

    @Test func tokenEmbeddingsSplicedAsVectorsEqualTheTokens() throws {
        let model = try Self.model()
        let tokens = try ModelContext(model: model).prefill(tokens: Self.prompt)
        let middle = try Self.prompt[5..<9].map { try model.tokenEmbedding($0) }
        let mixed = try ModelContext(model: model).prefill([
            .tokens(Array(Self.prompt[..<5])), .embeddings(middle), .tokens(Array(Self.prompt[9...])),
        ])
        #expect(Self.maxRelativeDifference(mixed.hidden, tokens.hidden) < 1e-5)
        #expect(Self.maxRelativeDifference(try #require(mixed.logits), try #require(tokens.logits)) < 1e-5)
    }

    @Test func latentStepsSkipTheLMHead() throws {
        let context = ModelContext(model: try Self.model())
        let first = try context.prefill(tokens: Self.prompt, logits: false)
        #expect(first.logits == nil)
        let step = try context.step(embedding: first.hidden)
        #expect(step.logits == nil)
        #expect(step.hidden.count == 576)
        #expect(context.position == Self.prompt.count + 1)
    }

    @Test func badInputIsRefusedWithClearErrors() throws {
        let model = try Self.model()
        let context = ModelContext(model: model, maxPositions: 8)
        #expect(throws: ModelError.tokenOutOfRange(49_152, vocabularySize: 49_152)) {
            try context.prefill(tokens: [1, 49_152])
        }
        #expect(throws: ModelError.embeddingSize(3, expected: 576)) { try context.step(embedding: [1, 2, 3]) }
        #expect(throws: ModelError.emptyInput) { try context.prefill(tokens: []) }
        #expect(throws: ModelError.contextFull(needed: 9, limit: 8)) {
            try context.prefill(tokens: Array(Self.prompt[..<9]))
        }
        #expect(context.position == 0, "a refused call consumes nothing")
        #expect("\(ModelError.contextFull(needed: 9, limit: 8))" == "the context needs 9 positions but the model allows 8")
    }
}
