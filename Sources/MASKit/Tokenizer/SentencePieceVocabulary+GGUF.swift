extension SentencePieceVocabulary {
    /// The vocabulary in a GGUF file's metadata (`tokenizer.ggml.*`), which must be SentencePiece BPE
    /// (`tokenizer.ggml.model = "llama"`), with llama.cpp's defaults for what the file does not say
    /// (BOS 1, EOS 2, unknown 0 when those ids exist; add BOS and a space prefix). Errors name the file.
    public init(gguf: GGUFFile) throws {
        do {
            let model = try gguf.string("tokenizer.ggml.model")
            guard model == "llama" else {
                throw TokenizerError(problem: "tokenizer.ggml.model is '\(model)', not SentencePiece ('llama')")
            }
            let tokens = try gguf.stringArray("tokenizer.ggml.tokens")
            func defaultID(_ id: Int32) -> Int32? { Int(id) < tokens.count ? id : nil }
            let scores = try gguf.floatArrayIfPresent("tokenizer.ggml.scores")
                ?? Array(repeating: 0, count: tokens.count)
            try self.init(
                tokens: tokens,
                scores: scores,
                tokenTypes: gguf.rawTokenTypes(),
                bosID: gguf.tokenID("tokenizer.ggml.bos_token_id") ?? defaultID(1),
                eosID: gguf.tokenID("tokenizer.ggml.eos_token_id") ?? defaultID(2),
                padID: gguf.tokenID("tokenizer.ggml.padding_token_id"),
                unknownID: gguf.tokenID("tokenizer.ggml.unknown_token_id") ?? defaultID(0),
                addBOS: gguf.boolIfPresent("tokenizer.ggml.add_bos_token") ?? true,
                addEOS: gguf.boolIfPresent("tokenizer.ggml.add_eos_token") ?? false,
                addSpacePrefix: gguf.boolIfPresent("tokenizer.ggml.add_space_prefix") ?? true)
        } catch let error as TokenizerError {
            throw error.inFile(gguf.fileName)
        }
    }
}
