import Foundation

/// A model together with what turns text into its tokens and back: the tokenizer, the chat template and
/// the tokens that end a generation.
public final class TextModel: Sendable {
    public let model: LanguageModel
    public let tokenizer: any Tokenizer
    public let chatTemplate: ChatTemplate
    /// Tokens that end a generation (EOS and end-of-turn).
    public let endOfGeneration: Set<Int32>

    /// Opens a GGUF model with the tokenizer and chat template its metadata describes.
    public convenience init(url: URL, pool: WorkerPool = .shared) throws {
        try self.init(model: LanguageModel(url: url, pool: pool))
    }

    /// `chatTemplate`: a template family name (e.g. "chatml", "gemma") instead of the one the model names.
    public init(model: LanguageModel, chatTemplate override: String? = nil) throws {
        switch model.format {
        case .gguf(let file):
            tokenizer = try TokenizerFactory.tokenizer(for: file)
            chatTemplate = try ChatTemplate(gguf: file, override: override)
            endOfGeneration = try EndOfGeneration.tokens(in: file)
        case .huggingFace:
            let loaded = try HuggingFaceTokenizer(directory: model.url)
            tokenizer = loaded.tokenizer
            chatTemplate = try override.map { try ChatTemplate(named: $0, bosToken: loaded.bosToken, eosToken: loaded.eosToken) }
                ?? loaded.chatTemplate
            endOfGeneration = Set(model.generationDefaults.eosTokenIDs + [loaded.eosID].compactMap { $0 })
        }
        guard tokenizer.vocabularySize <= model.vocabularySize else {
            throw FileFormatError(file: model.url.path, problem: "the tokenizer has \(tokenizer.vocabularySize) tokens "
                                  + "but the model only \(model.vocabularySize)")
        }
        self.model = model
    }

    /// The prompt ids of a chat: rendered by the template, special tokens in the text parsed, and the
    /// tokenizer's own BOS added unless the template already wrote it.
    public func chatTokens(_ messages: [ChatMessage]) -> (text: String, ids: [Int32]) {
        let text = chatTemplate.render(messages, addGenerationPrompt: true)
        return (text, tokenizer.encode(text, addSpecial: !chatTemplate.writesBOS, parseSpecial: true))
    }
}
