/// Prompts of one agent across rounds share their text up to the first slot: the context keeps the
/// positions of a shared prefix of leading tokens instead of running them again (causal attention: the
/// cache of a position depends on nothing after it).
extension ModelContext {
    /// Runs `prompt` when the context already holds its first `kept` tokens at positions 0..<kept (0:
    /// starts afresh). `kept` must leave at least one token of the prompt's leading token segment.
    /// A model with recurrent layers resumes from its latest snapshot at or before `kept` and keeps a new one
    /// at the last leading position, as far as the next prompt of the agent can share.
    public func prefill(_ prompt: [PromptSegment], keeping kept: Int, logits: Bool) throws -> ForwardOutput {
        guard case .tokens(let leading)? = prompt.first else {
            guard kept == 0 else { throw RecursionError("cannot keep \(kept) prompt positions: the prompt starts with embeddings") }
            reset()
            return try prefill(prompt, logits: logits)
        }
        guard kept < leading.count, kept <= position else {
            throw RecursionError("cannot keep \(kept) prompt positions: the prompt does not start with more tokens than that")
        }
        var resumed = 0
        if kept > 0 { resumed = rewind(to: kept) } else { reset() }
        let last = leading.count - 1
        if model.config.hasRecurrentLayers, last > resumed {
            _ = try prefill([.tokens(Array(leading[resumed..<last]))], logits: false)
            keepSnapshot()
            resumed = last
        }
        return try prefill([.tokens(Array(leading[resumed...]))] + prompt.dropFirst(), logits: logits)
    }

    /// How many leading tokens of `prompt` this context can keep (see `prefill(_:keeping:logits:)`).
    public func reusablePrefix(of prompt: [PromptSegment]) -> Int {
        Self.sharedPrefix(of: prompt, with: leadingTokens)
    }

    /// How many leading tokens of `prompt` a context holding `held` at positions 0..<held.count can keep.
    public static func sharedPrefix(of prompt: [PromptSegment], with held: [Int32]) -> Int {
        guard case .tokens(let leading)? = prompt.first, !leading.isEmpty else { return 0 }
        return min(zip(held, leading).prefix { $0 == $1 }.count, leading.count - 1)
    }
}
