extension BPEVocabulary {
    /// The vocabulary in a GGUF file's metadata (`tokenizer.ggml.*`), which must be byte-level BPE
    /// (`tokenizer.ggml.model = "gpt2"`). Errors name the file.
    public init(gguf: GGUFFile) throws {
        do {
            let model = try gguf.string("tokenizer.ggml.model")
            guard model == "gpt2" else {
                throw TokenizerError(problem: "tokenizer.ggml.model is '\(model)', not byte-level BPE ('gpt2')")
            }
            try self.init(
                tokens: gguf.stringArray("tokenizer.ggml.tokens"),
                merges: gguf.stringArray("tokenizer.ggml.merges"),
                tokenTypes: gguf.rawTokenTypes(),
                bosID: gguf.tokenID("tokenizer.ggml.bos_token_id"),
                eosID: gguf.tokenID("tokenizer.ggml.eos_token_id"),
                eotID: gguf.tokenID("tokenizer.ggml.eot_token_id"),
                padID: gguf.tokenID("tokenizer.ggml.padding_token_id"),
                unknownID: gguf.tokenID("tokenizer.ggml.unknown_token_id"),
                addBOS: gguf.boolIfPresent("tokenizer.ggml.add_bos_token"),
                addEOS: gguf.boolIfPresent("tokenizer.ggml.add_eos_token") ?? false,
                preTokenizer: gguf.stringIfPresent("tokenizer.ggml.pre"))
        } catch let error as TokenizerError {
            throw error.inFile(gguf.fileName)
        }
    }
}
