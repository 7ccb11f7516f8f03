import Foundation

/// One model run over the fitting text: for every pair, the chat prompt (system and question) then the
/// answer, with the post-final-norm hidden state at each position that precedes an answer token.
public struct ModelTextRun: Sendable {
    public struct Passage: Sendable {
        /// [answer tokens, H]: row i is the hidden state just before answer token i (row 0: at the end of
        /// the chat prompt).
        public var hidden: [Float]
        /// The answer's tokens, tokenised on their own as the reference tokenises prompt segments.
        public var tokens: [Int32]
        /// Where each answer token starts in the answer's UTF-8 bytes.
        public var byteStarts: [Int]
    }

    public let model: LanguageModel
    public let hiddenSize: Int
    public let passages: [Passage]

    /// `progress(done, total)` after each pair.
    public init(textModel: TextModel, text: FittingText, systemPrompt: String = Style.defaultSystemPrompt,
                progress: (Int, Int) -> Void = { _, _ in }) throws {
        let model = textModel.model
        let context = ModelContext(model: model)
        var passages: [Passage] = []
        for (index, pair) in text.pairs.enumerated() {
            let prompt = textModel.chatTokens([.system(systemPrompt), .user(pair.question)]).ids
            let answer = textModel.tokenizer.encode(pair.answer, addSpecial: false, parseSpecial: false)
            let starts = try Self.byteStarts(of: answer, tokenizer: textModel.tokenizer, spelling: pair.answer,
                                             model: model.url.lastPathComponent)
            context.reset()
            let states = try context.prefill([.tokens(prompt + answer)], logits: false, allHiddenStates: true).hiddenStates ?? []
            let rows = states[(prompt.count - 1)..<(prompt.count - 1 + answer.count)]
            passages.append(Passage(hidden: rows.flatMap { $0 }, tokens: answer, byteStarts: starts))
            progress(index + 1, text.pairs.count)
        }
        self.model = model
        self.hiddenSize = model.hiddenSize
        self.passages = passages
    }

    /// Token start offsets from each token's own bytes; they must spell `text` exactly, else the offsets
    /// would not line up with another tokeniser's.
    static func byteStarts(of tokens: [Int32], tokenizer: any Tokenizer, spelling text: String, model: String) throws -> [Int] {
        var starts: [Int] = []
        var bytes: [UInt8] = []
        for token in tokens {
            starts.append(bytes.count)
            bytes += try tokenizer.pieceBytes(token, special: false)
        }
        guard bytes == Array(text.utf8), !tokens.isEmpty else {
            throw LinkError("\(model): the tokens of \"\(text)\" do not spell it byte for byte, so they cannot be aligned")
        }
        return starts
    }
}
