/// A piece of a prompt: tokens, or vectors given directly as input embeddings (spliced latents, which
/// are used as they are: Gemma's √H scaling applies to tokens only).
public enum PromptSegment: Sendable {
    case tokens([Int32])
    case embeddings([[Float]])
}

/// What a forward call returns for its last position.
public struct ForwardOutput: Sendable {
    /// Next-token logits, when asked for.
    public var logits: [Float]?
    /// The post-final-norm hidden state (what the LM head and the RecursiveLinks consume).
    public var hidden: [Float]
    /// The post-final-norm hidden state of every position of the call, when asked for.
    public var hiddenStates: [[Float]]?
}

/// One sequence being run through a model: its state (KV cache, recurrent state) and position. Not
/// thread-safe; use one context from one task at a time (several contexts may share a model).
public final class ModelContext {
    public let model: LanguageModel
    /// Positions consumed so far.
    public private(set) var position = 0
    /// The tokens at positions 0..<count, as far as those positions were all fed tokens (a prompt's
    /// leading text, and what was decoded after an all-token prompt): what a next prompt can share.
    public private(set) var leadingTokens: [Int32] = []
    /// Positions the context can hold.
    public var maxPositions: Int { state.cache.maxPositions }
    private let state: SequenceState
    private let scratch: ForwardScratch
    /// Recurrent states kept at earlier positions (`keepSnapshot`), oldest first: a recurrent state cannot
    /// be cut back to a prefix like a KV cache, only restored.
    private var snapshots: [(position: Int, deltaNet: [DeltaNetState])] = []
    /// How many snapshots are kept (each holds every DeltaNet layer's matrices).
    static let snapshotLimit = 4
    /// Positions run together in one batch; longer prompts run in several. llama.cpp's default micro-batch:
    /// how many tokens a batch has decides its order of sums, and so its results to the last bit.
    static let chunk = 512

    public init(model: LanguageModel, maxPositions: Int? = nil) {
        self.model = model
        let c = model.config
        let limit = min(maxPositions ?? c.contextLength, c.contextLength)
        state = SequenceState(config: c, maxPositions: limit, halves: model.transformer.arithmetic.cachesHalves)
        scratch = ForwardScratch(config: c, batch: Self.chunk, maxPositions: limit,
                                 participants: model.transformer.pool.threadCount)
    }

    /// Forgets everything: the next call starts at position 0.
    public func reset() {
        position = 0
        leadingTokens = []
        state.clearRecurrent()
        snapshots = []
    }

    /// Forgets the positions from `position` on, as far as the state allows, and returns the position the
    /// next call continues from: `position` itself for attention-only models (a KV cache is cut anywhere);
    /// for recurrent ones the latest snapshot at or before it (0 without one).
    @discardableResult
    public func rewind(to position: Int) -> Int {
        let target = max(0, min(position, self.position))
        guard model.config.hasRecurrentLayers, target < self.position else {
            moveBack(to: target)
            return target
        }
        snapshots.removeAll { $0.position > target }
        guard let snapshot = snapshots.last else {
            reset()
            return 0
        }
        state.deltaNet = snapshot.deltaNet
        moveBack(to: snapshot.position)
        return snapshot.position
    }

    private func moveBack(to position: Int) {
        self.position = position
        leadingTokens.removeLast(max(0, leadingTokens.count - position))
    }

    /// Keeps the recurrent state of the current position, so that `rewind` can come back to it (nothing to
    /// keep for attention-only models).
    public func keepSnapshot() {
        guard model.config.hasRecurrentLayers, snapshots.last?.position != position else { return }
        snapshots.append((position, state.deltaNet))
        if snapshots.count > Self.snapshotLimit { snapshots.removeFirst() }
    }

    /// Runs the segments in order after what the context has already seen.
    public func prefill(_ segments: [PromptSegment], logits: Bool = true,
                        allHiddenStates: Bool = false) throws -> ForwardOutput {
        let h = model.hiddenSize
        var rows = 0
        for segment in segments {
            switch segment {
            case .tokens(let tokens):
                try tokens.forEach(model.checkToken)
                rows += tokens.count
            case .embeddings(let vectors):
                if let bad = vectors.first(where: { $0.count != h }) { throw ModelError.embeddingSize(bad.count, expected: h) }
                rows += vectors.count
            }
        }
        guard rows > 0 else { throw ModelError.emptyInput }
        try state.cache.reserve(position + rows)
        if leadingTokens.count == position {
            for segment in segments {
                guard case .tokens(let tokens) = segment else { break }
                leadingTokens += tokens
            }
        }
        var input = [Float](repeating: 0, count: rows * h)
        input.withUnsafeMutableBufferPointer { buffer in
            var row = buffer.baseAddress!
            for segment in segments {
                switch segment {
                case .tokens(let tokens):
                    for token in tokens { model.writeEmbedding(token, into: row); row += h }
                case .embeddings(let vectors):
                    for vector in vectors { row.update(from: vector, count: h); row += h }
                }
            }
        }
        return run(&input, rows: rows, logits: logits, allHiddenStates: allHiddenStates)
    }

    public func prefill(tokens: [Int32], logits: Bool = true, allHiddenStates: Bool = false) throws -> ForwardOutput {
        try prefill([.tokens(tokens)], logits: logits, allHiddenStates: allHiddenStates)
    }

    /// One decode step fed by a token.
    public func step(token: Int32, logits: Bool = true) throws -> ForwardOutput {
        try prefill([.tokens([token])], logits: logits)
    }

    /// One latent step: the vector is the next input embedding, used as it is.
    public func step(embedding: [Float], logits: Bool = false) throws -> ForwardOutput {
        try prefill([.embeddings([embedding])], logits: logits)
    }

    private func run(_ input: inout [Float], rows: Int, logits wantLogits: Bool, allHiddenStates: Bool) -> ForwardOutput {
        let h = model.hiddenSize
        let transformer = model.transformer
        return input.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            var done = 0
            while done < rows {
                let count = min(Self.chunk, rows - done)
                transformer.forward(base + done * h, count: count, start: position, allRows: allHiddenStates,
                                    state: state, scratch: scratch)
                position += count
                done += count
            }
            let last = base + (rows - 1) * h
            var output = ForwardOutput(hidden: Array(UnsafeBufferPointer(start: last, count: h)))
            if allHiddenStates {
                output.hiddenStates = (0..<rows).map { Array(UnsafeBufferPointer(start: base + $0 * h, count: h)) }
            }
            if wantLogits {
                output.logits = [Float](unsafeUninitializedCapacity: model.vocabularySize) { logits, initialized in
                    transformer.logits(of: last, into: logits.baseAddress!)
                    initialized = model.vocabularySize
                }
            }
            return output
        }
    }
}
