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

    public init(model: LanguageModel) throws {
        let file = model.file
        let vocabulary = try BPEVocabulary(gguf: file)
        guard vocabulary.count == model.vocabularySize else {
            throw file.error("the tokenizer has \(vocabulary.count) tokens but the model \(model.vocabularySize)")
        }
        self.model = model
        tokenizer = BPETokenizer(vocabulary: vocabulary)
        let text = { (id: Int32?) in id.map { vocabulary.tokens[Int($0)] } }
        chatTemplate = ChatTemplate(detectingFrom: try file.stringIfPresent("tokenizer.chat_template"),
                                    bosToken: text(vocabulary.bosID), eosToken: text(vocabulary.eosID))
        let markers = vocabulary.tokens.indices.filter {
            vocabulary.tokenTypes[$0] == .control && Self.endMarkers.contains(vocabulary.tokens[$0])
        }
        endOfGeneration = Set([vocabulary.eosID, vocabulary.eotID].compactMap { $0 } + markers.map { Int32($0) })
    }

    /// Control tokens that end a turn in the common chat formats, whatever the metadata names as EOS
    /// (llama.cpp stops on these too).
    static let endMarkers: Set<String> = ["<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|eom_id|>",
                                          "<|end_of_text|>", "<end_of_turn>", "<|end|>", "</s>"]

    /// The prompt ids of a chat: rendered by the template, special tokens in the text parsed, and the
    /// tokenizer's own BOS added unless the template already wrote it.
    public func chatTokens(_ messages: [ChatMessage]) -> (text: String, ids: [Int32]) {
        let text = chatTemplate.render(messages, addGenerationPrompt: true)
        return (text, tokenizer.encode(text, addSpecial: !chatTemplate.writesBOS, parseSpecial: true))
    }
}
