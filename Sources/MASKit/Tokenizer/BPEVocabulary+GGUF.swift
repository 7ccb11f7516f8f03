extension BPEVocabulary {
    /// The vocabulary in a GGUF file's metadata (`tokenizer.ggml.*`), which must be byte-level BPE
    /// (`tokenizer.ggml.model = "gpt2"`). Errors name the file.
    public init(gguf: GGUFFile) throws {
        do {
            let model = try gguf.string("tokenizer.ggml.model")
            guard model == "gpt2" else {
                throw TokenizerError(problem: "tokenizer.ggml.model is '\(model)', not byte-level BPE ('gpt2')")
            }
            func tokenID(_ key: String) throws -> Int32? {
                guard let value = try gguf.intIfPresent(key) else { return nil }
                guard let id = Int32(exactly: value) else {
                    throw TokenizerError(problem: "\(key) \(value) is not a token id")
                }
                return id
            }
            let types = try gguf.intArrayIfPresent("tokenizer.ggml.token_type").map { types in
                try types.map { type in
                    guard let type = Int32(exactly: type) else {
                        throw TokenizerError(problem: "tokenizer.ggml.token_type has the value \(type)")
                    }
                    return type
                }
            }
            try self.init(
                tokens: gguf.stringArray("tokenizer.ggml.tokens"),
                merges: gguf.stringArray("tokenizer.ggml.merges"),
                tokenTypes: types,
                bosID: tokenID("tokenizer.ggml.bos_token_id"),
                eosID: tokenID("tokenizer.ggml.eos_token_id"),
                eotID: tokenID("tokenizer.ggml.eot_token_id"),
                padID: tokenID("tokenizer.ggml.padding_token_id"),
                unknownID: tokenID("tokenizer.ggml.unknown_token_id"),
                addBOS: gguf.boolIfPresent("tokenizer.ggml.add_bos_token"),
                addEOS: gguf.boolIfPresent("tokenizer.ggml.add_eos_token") ?? false,
                preTokenizer: gguf.stringIfPresent("tokenizer.ggml.pre"))
        } catch let error as TokenizerError {
            throw error.inFile(gguf.fileName)
        }
    }
}
