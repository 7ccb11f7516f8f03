import Foundation
import MASKit
import Testing

/// A rollout that keeps the prompt prefix a context already holds from the previous prompt (as the runner
/// does across rounds) against the same rollout on a fresh context.
@Suite("Shared prompt prefix")
struct SharedPrefixTests {
    @Test func keptPrefixGivesTheFreshRollout() throws {
        let model = try LanguageModel(url: try TestSupport.model(.smolLM2))
        let inner = LatentMap.link(.inner(try InnerLink.freshlyInitialised(hiddenSize: model.hiddenSize, seed: 3)))
        let shared: [Int32] = [1, 9690, 198, 2683, 314, 216, 34, 1047]
        let latents: [[Float]] = (0..<2).map { (row: Int) -> [Float] in
            (0..<model.hiddenSize).map { (i: Int) -> Float in Float((i * 7 + row * 3) % 11) / 11 - 0.5 }
        }
        let first: [PromptSegment] = [.tokens(shared + [216, 34, 47]), .embeddings(latents), .tokens([2])]
        let second: [PromptSegment] = [.tokens(shared + [33, 198]), .embeddings(latents), .tokens([2, 198])]

        let reused = ModelContext(model: model)
        _ = try LatentRollout.run(prompt: first, steps: 3, inner: inner, context: reused)
        let kept = ModelContext.sharedPrefix(of: second, with: shared + [216, 34, 47])
        #expect(kept == shared.count)
        let keeping = try LatentRollout.run(prompt: second, steps: 3, inner: inner, context: reused, keeping: kept)
        let fresh = try LatentRollout.run(prompt: second, steps: 3, inner: inner, context: ModelContext(model: model))
        let worst = zip(keeping.hidden.joined(), fresh.hidden.joined()).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-4, "largest difference to the fresh rollout: \(worst)")
        // The prompt (8 shared + 2 tokens, 2 latents, 2 tokens) and T − 1 = 2 fed-back latents.
        #expect(reused.position == 16)
    }

    @Test func sharedPrefixLeavesATokenToRun() {
        #expect(ModelContext.sharedPrefix(of: [.tokens([1, 2, 3])], with: [1, 2, 3, 4]) == 2)
        #expect(ModelContext.sharedPrefix(of: [.tokens([5, 2])], with: [1, 2]) == 0)
        #expect(ModelContext.sharedPrefix(of: [.embeddings([[0]]), .tokens([1])], with: [1]) == 0)
    }

    @Test func keepingMoreThanThePromptsLeadingTokensIsRefused() throws {
        let model = try LanguageModel(url: try TestSupport.model(.smolLM2))
        let context = ModelContext(model: model)
        _ = try context.prefill(tokens: [1, 2, 3, 4])
        #expect(throws: RecursionError.self) { try context.prefill([.tokens([1, 2])], keeping: 2, logits: false) }
        #expect(throws: RecursionError.self) { try context.prefill([.embeddings([[Float](repeating: 0, count: model.hiddenSize)])], keeping: 1, logits: false) }
    }
}
