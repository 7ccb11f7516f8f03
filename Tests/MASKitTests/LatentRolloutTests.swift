import Foundation
import MASKit
import Testing

@Suite("Latent rollout")
struct LatentRolloutTests {
    /// The KV-cached rollout against the reference algorithm (spec §3): every step re-runs the whole
    /// growing embedding sequence from scratch on a fresh context, without a cache. On the tiny Llama
    /// checkpoint, whose float32 arithmetic does not depend on how positions are batched (GGUF models sum a
    /// batch in llama.cpp's order, which differs from a lone step's).
    @Test func cachedRolloutEqualsFullRecompute() throws {
        let model = try LanguageModel(url: TestSupport.fixture("hf-tiny/llama"))
        let inner = LatentMap.link(.inner(try InnerLink.freshlyInitialised(hiddenSize: model.hiddenSize, seed: 7)))
        let prompt: [Int32] = [1, 96, 198, 268, 314, 216, 34, 104, 216, 34, 47, 2]
        let steps = 3

        var reported: [(Int, Float)] = []
        let rollout = try LatentRollout.run(prompt: [.tokens(prompt)], steps: steps, inner: inner,
                                            context: ModelContext(model: model)) { reported.append(($0, $1)) }
        #expect(rollout.hidden.count == steps)
        #expect(rollout.linked.count == steps)
        #expect(reported.map(\.0) == Array(1...steps))
        #expect(reported.map(\.1) == rollout.hiddenNorms)

        var appended: [[Float]] = []
        var worst: Float = 0
        for step in 0..<steps {
            let fresh = ModelContext(model: model)
            let segments: [PromptSegment] = appended.isEmpty ? [.tokens(prompt)] : [.tokens(prompt), .embeddings(appended)]
            let hidden = try fresh.prefill(segments, logits: false).hidden
            worst = max(worst, zip(hidden, rollout.hidden[step]).map { abs($0 - $1) }.max() ?? .infinity)
            let linked = try inner.apply(hidden)
            #expect(zip(linked, rollout.linked[step]).allSatisfy { abs($0 - $1) <= 1e-3 })
            appended.append(linked)
        }
        #expect(worst <= 1e-4, "largest difference to the full recompute: \(worst)")
    }

    /// The second latent step is the model run on the first step's hidden state, fed as the next input.
    @Test func identityInnerLinkFeedsTheHiddenStateBack() throws {
        let model = try LanguageModel(url: try TestSupport.model(.smolLM2))
        let rollout = try LatentRollout.run(prompt: [.tokens([1, 2, 3])], steps: 2, inner: .identity(size: model.hiddenSize),
                                            context: ModelContext(model: model))
        #expect(rollout.linked == rollout.hidden)
        let context = ModelContext(model: model)
        _ = try context.prefill([.tokens([1, 2, 3])], logits: false)
        #expect(try context.step(embedding: rollout.hidden[0]).hidden == rollout.hidden[1])
    }

    @Test func rejectsZeroStepsAndMismatchedLinks() throws {
        let model = try LanguageModel(url: try TestSupport.model(.smolLM2))
        #expect(throws: RecursionError.self) {
            try LatentRollout.run(prompt: [.tokens([1])], steps: 0, inner: .identity(size: model.hiddenSize),
                                  context: ModelContext(model: model))
        }
        #expect(throws: RecursionError.self) {
            try LatentRollout.run(prompt: [.tokens([1])], steps: 1, inner: .identity(size: 640),
                                  context: ModelContext(model: model))
        }
    }
}
