/// Builds the tokenizer a model file asks for.
public enum TokenizerFactory {
    /// The GGUF `tokenizer.ggml.model` values there is a tokenizer for.
    public static let supportedGGUFModels = ["gpt2", "llama"]

    /// Byte-level BPE for `tokenizer.ggml.model = "gpt2"`, SentencePiece BPE for `"llama"`; any other model is
    /// an error naming the file, the model and the supported ones.
    public static func tokenizer(for gguf: GGUFFile) throws -> any Tokenizer {
        let model = try gguf.string("tokenizer.ggml.model")
        switch model {
        case "gpt2": return BPETokenizer(vocabulary: try BPEVocabulary(gguf: gguf))
        case "llama": return SentencePieceTokenizer(vocabulary: try SentencePieceVocabulary(gguf: gguf))
        default:
            throw TokenizerError(file: gguf.fileName, problem: "tokenizer.ggml.model '\(model)' is not supported; supported: "
                + supportedGGUFModels.map { "'\($0)'" }.joined(separator: ", "))
        }
    }
}
