/// An agent thinking in latent space (spec §3): after the prompt, each step's post-final-norm hidden
/// state h_t goes through the agent's inner link and comes back in as the next input embedding, for
/// T steps, with no token decoded. Runs on the context's KV cache, one position per step — the same
/// hidden states as the reference's full recompute of the growing sequence, at decode-step cost.
public struct LatentRollout: Sendable {
    /// h_1 … h_T, the raw hidden states.
    public var hidden: [[Float]]
    /// I(h_1) … I(h_T): the inner-linked latents, the agent's "self latents" that outer links consume.
    /// I(h_1) … I(h_{T−1}) were fed back; I(h_T) never is (spec §12 item 2).
    public var linked: [[Float]]

    public var hiddenNorms: [Float] { hidden.map(Self.norm) }
    public var linkedNorms: [Float] { linked.map(Self.norm) }

    /// Starts `context` afresh (or keeping the first `kept` prompt positions it holds), runs `prompt`,
    /// then the T latent steps. `onStep(t, ‖h_t‖)` is called after each step (t from 1) and may throw to
    /// stop the rollout.
    public static func run(prompt: [PromptSegment], steps: Int, inner: LatentMap, context: ModelContext,
                           keeping kept: Int = 0,
                           onStep: (Int, Float) throws -> Void = { _, _ in }) throws -> LatentRollout {
        guard steps > 0 else { throw RecursionError("latent steps must be at least 1, not \(steps)") }
        guard inner.inputSize == context.model.hiddenSize, inner.outputSize == context.model.hiddenSize else {
            throw RecursionError("inner link is \(inner.inputSize) → \(inner.outputSize), but the model's hidden size is \(context.model.hiddenSize)")
        }
        var rollout = LatentRollout(hidden: [], linked: [])
        var output = try context.prefill(prompt, keeping: kept, logits: false)
        for step in 1...steps {
            rollout.hidden.append(output.hidden)
            let next = try inner.apply(output.hidden)
            rollout.linked.append(next)
            try onStep(step, norm(output.hidden))
            if step < steps { output = try context.step(embedding: next) }
        }
        return rollout
    }

    static func norm(_ vector: [Float]) -> Float {
        vector.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { Vector.norm($0, count: buffer.count) } ?? 0 }
    }
}
