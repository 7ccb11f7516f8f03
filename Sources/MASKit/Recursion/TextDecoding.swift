/// Decoding text after a (possibly latent-spliced) prompt: sample, feed the token back, stream the
/// text as the detokeniser completes it, until an end token or the token budget.
struct TextDecoding {
    let context: ModelContext
    let tokenizer: any Tokenizer
    let stopTokens: Set<Int32>
    let maxNewTokens: Int

    /// Returns the decoded text and the number of tokens generated (end token excluded).
    /// `onToken(token, text)` is called for every generated token and may throw to stop.
    func run(prompt: [PromptSegment], history: [Int32], sampler: inout Sampler,
             onToken: (SampledToken, String) throws -> Void) throws -> (text: String, tokens: Int) {
        context.reset()
        var output = try context.prefill(prompt, logits: true)
        var detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
        var history = history
        var text = ""
        var generated = 0
        while generated < maxNewTokens, let logits = output.logits {
            let token = try sampler.sampleToken(logits: logits, history: history)
            if stopTokens.contains(token.id) { break }
            generated += 1
            history.append(token.id)
            let piece = try detokenizer.append(token.id)
            text += piece
            try onToken(token, piece)
            if generated < maxNewTokens { output = try context.step(token: token.id) }
        }
        text += detokenizer.finish()
        return (text, generated)
    }
}
