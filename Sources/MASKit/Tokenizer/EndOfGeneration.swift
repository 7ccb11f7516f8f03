/// The tokens that end a generation for a GGUF model: its EOS and EOT ids, plus the end-of-turn tokens
/// of the common chat formats, which the metadata often does not name (llama.cpp stops on them too).
public enum EndOfGeneration {
    static let markers: Set<String> = ["<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|eom_id|>",
                                       "<|end_of_text|>", "<end_of_turn>", "<|end|>", "</s>"]

    public static func tokens(in gguf: GGUFFile) throws -> Set<Int32> {
        var stops = Set<Int32>()
        for key in ["tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id"] {
            if let id = try gguf.intIfPresent(key), let token = Int32(exactly: id) { stops.insert(token) }
        }
        for (id, text) in (try gguf.stringArrayIfPresent("tokenizer.ggml.tokens") ?? []).enumerated()
        where markers.contains(text) {
            stops.insert(Int32(id))
        }
        return stops
    }
}
