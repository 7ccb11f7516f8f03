/// What a checkpoint says about generating from it: its special tokens and, for a Hugging Face checkpoint with
/// a generation_config.json, how to sample.
public struct GenerationDefaults: Sendable, Equatable {
    public var bosTokenID: Int32?
    /// Generation stops at any of these.
    public var eosTokenIDs: [Int32]
    /// The sampler transformers would use: greedy unless `do_sample`, and transformers' own defaults
    /// (temperature 1, top_k 50, top_p 1) where the file is silent. Nil when the checkpoint does not say
    /// (GGUF files, directories without generation_config.json).
    public var sampling: SamplingSettings?

    public init(bosTokenID: Int32? = nil, eosTokenIDs: [Int32] = [], sampling: SamplingSettings? = nil) {
        self.bosTokenID = bosTokenID
        self.eosTokenIDs = eosTokenIDs
        self.sampling = sampling
    }
}

extension GenerationDefaults {
    /// From generation_config.json when present, falling back to config.json (and its `text_config`) for the
    /// token ids.
    init(huggingFace generation: JSONObject?, config: JSONObject) throws {
        let text = try config.objectIfPresent("text_config")
        func ids(_ key: String) throws -> [Int]? {
            try generation?.intsIfPresent(key) ?? config.intsIfPresent(key) ?? text?.intsIfPresent(key)
        }
        bosTokenID = try ids("bos_token_id")?.first.flatMap(Int32.init(exactly:))
        eosTokenIDs = try (ids("eos_token_id") ?? []).compactMap(Int32.init(exactly:))
        guard let generation else { sampling = nil; return }
        var settings = SamplingSettings.greedy
        if try generation.boolIfPresent("do_sample") == true {
            settings = SamplingSettings(
                temperature: try generation.floatIfPresent("temperature") ?? 1,
                topK: try generation.intIfPresent("top_k") ?? 50,
                topP: try generation.floatIfPresent("top_p") ?? 1,
                minP: try generation.floatIfPresent("min_p") ?? 0,
                repetitionPenalty: try generation.floatIfPresent("repetition_penalty") ?? 1)
        }
        do {
            try settings.validate()
        } catch {
            throw generation.error("\(error)")
        }
        sampling = settings
    }

    /// The GGUF tokenizer's bos id and every end-of-generation id (eos, end of turn, end of message).
    init(gguf file: GGUFFile) throws {
        let id = { (key: String) in try file.intIfPresent("tokenizer.ggml.\(key)").flatMap(Int32.init(exactly:)) }
        bosTokenID = try id("bos_token_id")
        var stops: [Int32] = []
        for key in ["eos_token_id", "eot_token_id", "eom_token_id"] {
            if let stop = try id(key), !stops.contains(stop) { stops.append(stop) }
        }
        eosTokenIDs = stops
        sampling = nil
    }
}
