/// Reading `tokenizer.ggml.*` metadata shared by the vocabulary kinds.
extension GGUFFile {
    /// A token id stored under `key`, if present.
    func tokenID(_ key: String) throws -> Int32? {
        guard let value = try intIfPresent(key) else { return nil }
        guard let id = Int32(exactly: value) else {
            throw TokenizerError(problem: "\(key) \(value) is not a token id")
        }
        return id
    }

    /// The raw ggml token types (`tokenizer.ggml.token_type`), if present.
    func rawTokenTypes() throws -> [Int32]? {
        try intArrayIfPresent("tokenizer.ggml.token_type").map { types in
            try types.map { type in
                guard let type = Int32(exactly: type) else {
                    throw TokenizerError(problem: "tokenizer.ggml.token_type has the value \(type)")
                }
                return type
            }
        }
    }
}
