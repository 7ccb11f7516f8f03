/// What a model computes for one text, in the fields and names of the reference fixtures
/// (`expected.json` of the hf-tiny models): a way to compare the engine with PyTorch or llama.cpp.
public struct ModelProbe: Codable, Sendable {
    public var text: String
    public var input_ids: [Int32]
    public var decoded_roundtrip: String
    public var chat_text: String
    public var chat_ids: [Int32]
    public var hidden_norms_per_position: [Float]
    public var last_hidden_first8: [Float]
    public var last_logits_top10_ids: [Int32]
    public var last_logits_top10_values: [Float]
    public var greedy_16: [Int32]
    public var mean_token_embedding_norm: Float

    /// What is probed: a text (tokenised with the special tokens the tokenizer adds by default), or token
    /// ids fed as they are (`text` is then their decoding).
    public enum Input: Sendable {
        case text(String)
        case ids([Int32])
    }

    public init(textModel: TextModel, input: Input, chatQuestion: String = "What is 17 + 5?") async throws {
        let model = textModel.model
        switch input {
        case .text(let text):
            self.text = text
            input_ids = textModel.tokenizer.encode(text, addSpecial: true, parseSpecial: false)
        case .ids(let ids):
            guard !ids.isEmpty else { throw ModelError.emptyInput }
            try ids.forEach(model.checkToken)
            input_ids = ids
            text = try textModel.tokenizer.decode(ids, skipSpecial: false)
        }
        decoded_roundtrip = try textModel.tokenizer.decode(input_ids, skipSpecial: true)
        (chat_text, chat_ids) = textModel.chatTokens([.user(chatQuestion)])

        let context = ModelContext(model: model)
        let output = try context.prefill(tokens: input_ids, allHiddenStates: true)
        hidden_norms_per_position = (output.hiddenStates ?? []).map { Vector.norm($0, count: $0.count) }
        last_hidden_first8 = Array(output.hidden.prefix(8))
        let logits = output.logits ?? []
        let top = Self.largest(10, of: logits)
        last_logits_top10_ids = top.map { Int32($0) }
        last_logits_top10_values = top.map { logits[$0] }
        var sampler = try Sampler(settings: .greedy)
        // Sixteen tokens whatever they are: the fixtures' greedy tokens do not stop at an end token.
        let decoding = TextDecoding(context: context, tokenizer: textModel.tokenizer, stopTokens: [], maxNewTokens: 16)
        greedy_16 = try await decoding.decode(after: output, history: input_ids, sampler: &sampler) { _, _ in }.contextTokens
        mean_token_embedding_norm = model.meanTokenEmbeddingNorm(scaled: false)
    }

    /// Indices of the `count` largest values, largest first (ties: lower index first).
    static func largest(_ count: Int, of values: [Float]) -> [Int] {
        Array(values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }.prefix(count))
    }
}
