/// The tokenizer a GGUF model asks for (`tokenizer.ggml.model`), behind the `Tokenizer` protocol.
public enum TokenizerLoading {
    public static func tokenizer(for gguf: GGUFFile) throws -> any Tokenizer {
        let model = try gguf.stringIfPresent("tokenizer.ggml.model") ?? "(none)"
        switch model {
        case "gpt2":
            return BPETokenizer(vocabulary: try BPEVocabulary(gguf: gguf))
        default:
            // SentencePiece ("llama", used by Gemma) is being written; it plugs in here.
            throw TokenizerError(file: gguf.fileName, problem: "tokenizer.ggml.model '\(model)' is not supported yet")
        }
    }

    /// The text of a special token (e.g. BOS) named by a metadata key, for chat templates.
    public static func specialTokenText(_ key: String, in gguf: GGUFFile) throws -> String? {
        guard let id = try gguf.intIfPresent(key), let tokens = try gguf.arrayIfPresent("tokenizer.ggml.tokens"),
              tokens.indices.contains(id) else { return nil }
        return tokens[id].stringValue
    }
}

extension ChatTemplate {
    /// The chat template of a GGUF model: `override` (a family name such as "chatml" or "gemma") when
    /// given, else the family recognised from `tokenizer.chat_template` (ChatML with a warning when absent).
    public init(gguf: GGUFFile, override: String? = nil) throws {
        let bos = try TokenizerLoading.specialTokenText("tokenizer.ggml.bos_token_id", in: gguf)
        let eos = try TokenizerLoading.specialTokenText("tokenizer.ggml.eos_token_id", in: gguf)
        if let override {
            do {
                try self.init(named: override, bosToken: bos, eosToken: eos)
            } catch {
                throw TokenizerError(file: gguf.fileName, problem: error.description)
            }
        } else {
            self.init(detectingFrom: try gguf.stringIfPresent("tokenizer.chat_template"), bosToken: bos, eosToken: eos)
        }
    }
}
