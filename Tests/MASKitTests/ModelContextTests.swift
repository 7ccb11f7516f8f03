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

    /// Qwen3.5's DeltaNet layers carry a convolution window and a recurrent state from call to call: token by
    /// token, in uneven chunks, or with latent steps fed as embeddings, every position's hidden state is the
    /// one-call prefill's.
    @Test func recurrentStateCarriesAcrossCalls() throws {
        let model = try LanguageModel(url: TestSupport.fixture("hf-tiny/qwen3_5"))
        let prompt = (0..<40).map { Int32(($0 * 53 + 7) % 384) }
        let batched = try #require(try ModelContext(model: model).prefill(tokens: prompt, allHiddenStates: true).hiddenStates)
        let stepwise = ModelContext(model: model)
        for (index, token) in prompt.enumerated() {
            #expect(Self.maxRelativeDifference(try stepwise.step(token: token).hidden, batched[index]) < 1e-5, "position \(index)")
        }
        let chunked = ModelContext(model: model)
        var done = 0
        for size in [1, 2, 3, 5, 29] {
            let output = try chunked.prefill(tokens: Array(prompt[done..<done + size]), allHiddenStates: true)
            for (offset, hidden) in try #require(output.hiddenStates).enumerated() {
                #expect(Self.maxRelativeDifference(hidden, batched[done + offset]) < 1e-5, "chunk position \(done + offset)")
            }
            done += size
        }
        let latents = try prompt[20..<24].map { try model.tokenEmbedding($0) }
        let spliced = ModelContext(model: model)
        _ = try spliced.prefill(tokens: Array(prompt[..<20]))
        var last: ForwardOutput?
        for latent in latents { last = try spliced.step(embedding: latent) }
        #expect(Self.maxRelativeDifference(try #require(last).hidden, batched[23]) < 1e-5)
    }

    /// The runner's shared-prefix reuse on a recurrent model: a second prompt sharing a prefix with the first
    /// gives what a fresh context gives, whether the kept prefix ends at the snapshot (the first prompt's last
    /// leading position) or before it (resumed from an earlier snapshot, or from position 0).
    @Test func sharedPrefixReuseOnARecurrentModelEqualsAFreshPrefill() throws {
        let model = try LanguageModel(url: TestSupport.fixture("hf-tiny/qwen3_5"))
        let leading = (0..<30).map { Int32(($0 * 41 + 3) % 384) }
        let latent = try [model.tokenEmbedding(5), model.tokenEmbedding(9)]
        let first: [PromptSegment] = [.tokens(leading), .embeddings(latent), .tokens([11, 12])]
        let context = ModelContext(model: model)
        _ = try context.prefill(first, keeping: 0, logits: true)
        for second in [leading, Array(leading[..<17]) + [200, 201, 202], Array(leading[..<29]) + [7]] {
            let prompt: [PromptSegment] = [.tokens(second), .embeddings(latent), .tokens([13])]
            let kept = ModelContext.sharedPrefix(of: prompt, with: leading)
            let reused = try context.prefill(prompt, keeping: kept, logits: true)
            let fresh = try ModelContext(model: model).prefill(prompt, logits: true)
            #expect(Self.maxRelativeDifference(reused.hidden, fresh.hidden) < 1e-5, "kept \(kept)")
            #expect(Self.maxRelativeDifference(try #require(reused.logits), try #require(fresh.logits)) < 1e-5, "kept \(kept)")
            #expect(context.position == second.count + 3)
            _ = try context.prefill(first, keeping: ModelContext.sharedPrefix(of: first, with: second), logits: true)
        }
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
