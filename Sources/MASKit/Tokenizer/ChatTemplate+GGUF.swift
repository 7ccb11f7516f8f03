extension ChatTemplate {
    /// The chat template of a GGUF model: `override` (a family name such as "chatml" or "gemma") when
    /// given, else the family recognised from `tokenizer.chat_template` (ChatML with a warning when absent).
    public init(gguf: GGUFFile, override: String? = nil) throws {
        let bos = try Self.specialTokenText("tokenizer.ggml.bos_token_id", in: gguf)
        let eos = try Self.specialTokenText("tokenizer.ggml.eos_token_id", in: gguf)
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

    /// The text of the special token a metadata key names by id.
    private static func specialTokenText(_ key: String, in gguf: GGUFFile) throws -> String? {
        guard let id = try gguf.intIfPresent(key), let tokens = try gguf.arrayIfPresent("tokenizer.ggml.tokens"),
              tokens.indices.contains(id) else { return nil }
        return tokens[id].stringValue
    }
}
