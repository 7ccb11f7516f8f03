/// Decoding text after a (possibly latent-spliced) prompt: sample, feed the token back, stream the
/// text as the detokeniser completes it, until an end token, the token budget or the end of the context
/// (which, as for any text generator, ends the text rather than failing it). The one decode loop: runs'
/// stages, `mastui generate` and `mastui probe` all decode through it.
///
/// With a tool session (spec §5.3, on the KV cache): decoding stops at the token that completes a
/// closing `</python>` / `</search>` tag; text after the tag in that token is dropped; the call runs;
/// ` <result> … </result>` is tokenised and read into the context; decoding goes on after it. Tool
/// results do not count against the budget; the call over the session's limit ends the answer.
public struct TextDecoding {
    public let context: ModelContext
    public let tokenizer: any Tokenizer
    public let stopTokens: Set<Int32>
    public let maxNewTokens: Int

    public init(context: ModelContext, tokenizer: any Tokenizer, stopTokens: Set<Int32>, maxNewTokens: Int) {
        self.context = context
        self.tokenizer = tokenizer
        self.stopTokens = stopTokens
        self.maxNewTokens = maxNewTokens
    }

    public struct Result: Sendable {
        /// The answer: decoded text, cut after each tool call and followed by its result.
        public var text: String
        /// Tokens sampled, end token excluded.
        public var tokens: Int
        /// What the context read after the prompt, in order: sampled tokens and the tokens of each tool
        /// result (the token completing a call with text after its tag is replaced by the text up to the tag).
        public var contextTokens: [Int32]
        /// Tool calls made, refused ones included.
        public var toolCalls: Int
        /// Decoding stopped because the context was full.
        public var reachedContextLimit = false
    }

    /// Runs `prompt` (keeping the first `kept` positions the context holds, see
    /// `ModelContext.prefill(_:keeping:logits:)`), then decodes. `onToken(token, text)` is called for
    /// every sampled token with the text it adds to the answer, and may throw to stop.
    public func run(prompt: [PromptSegment], keeping kept: Int = 0, history: [Int32], sampler: inout Sampler,
                    tools: ToolSession? = nil, isolation: isolated (any Actor)? = #isolation,
                    onToken: (SampledToken, String) throws -> Void) async throws -> Result {
        try await decode(after: context.prefill(prompt, keeping: kept, logits: true), history: history, sampler: &sampler,
                         tools: tools, onToken: onToken)
    }

    /// Decodes after a prompt the context has already run, whose last position gave `output`.
    public func decode(after output: ForwardOutput, history: [Int32], sampler: inout Sampler, tools: ToolSession? = nil,
                       isolation: isolated (any Actor)? = #isolation,
                       onToken: (SampledToken, String) throws -> Void) async throws -> Result {
        var output = output
        var detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
        var session = tools
        var history = history
        var result = Result(text: "", tokens: 0, contextTokens: [], toolCalls: 0)
        while result.tokens < maxNewTokens, let logits = output.logits {
            let token = try sampler.sampleToken(logits: logits, history: history)
            if stopTokens.contains(token.id) { break }
            result.tokens += 1
            history.append(token.id)
            result.contextTokens.append(token.id)
            let piece = try detokenizer.append(token.id)
            guard var current = session else {
                result.text += piece
                try onToken(token, piece)
                if result.tokens < maxNewTokens { output = try step(token.id, result: &result) }
                continue
            }
            let call = current.feed(piece)
            let dropped = call == nil ? 0 : current.droppedText.utf8.count
            try onToken(token, String(decoding: piece.utf8.dropLast(dropped), as: UTF8.self))
            guard let call else {
                session = current
                if result.tokens < maxNewTokens { output = try step(token.id, result: &result) }
                continue
            }
            let turn = await current.perform(call)
            session = current
            result.toolCalls = current.callCount
            if turn.endsAnswer || result.tokens >= maxNewTokens { break }
            // The sampled token is not in the context yet: read it (or, when text follows the tag inside
            // it, the part up to the tag) and then the result.
            let read: [Int32]
            if dropped == 0 {
                read = [token.id] + tokenizer.encode(turn.resultText, addSpecial: false, parseSpecial: false)
            } else {
                let own = try tokenizer.pieceBytes(token.id, special: false)
                let kept = String(decoding: own.dropLast(dropped), as: UTF8.self)
                read = tokenizer.encode(kept + turn.resultText, addSpecial: false, parseSpecial: false)
            }
            guard context.position + read.count <= context.maxPositions else {
                result.reachedContextLimit = true
                break
            }
            output = try context.prefill([.tokens(read)], logits: true)
            result.contextTokens.removeLast()
            result.contextTokens += read
            history.removeLast()
            history += read
            detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
        }
        result.text = (session?.text ?? result.text) + detokenizer.finish()
        return result
    }

    /// Feeds the sampled token back; at the end of the context there is nothing to feed it to (no logits:
    /// decoding ends).
    private func step(_ token: Int32, result: inout Result) throws -> ForwardOutput {
        guard context.position < context.maxPositions else {
            result.reachedContextLimit = true
            return ForwardOutput(logits: nil, hidden: [])
        }
        return try context.step(token: token)
    }
}
