/// How a vocabulary entry behaves, as stored in GGUF `tokenizer.ggml.token_type`.
public enum TokenType: Int32, Sendable, CaseIterable {
    case undefined = 0
    case normal = 1
    case unknown = 2
    /// Markup such as `<|im_start|>`: matched in text only when special tokens are parsed,
    /// rendered only when special tokens are shown.
    case control = 3
    /// Added by the model's authors: always matched literally in text, always rendered.
    case userDefined = 4
    case unused = 5
    /// `<0xHH>`: stands for one raw byte.
    case byte = 6

    /// Matched literally in the input before pre-tokenisation (when `parseSpecial` allows it).
    var isMatchedLiterally: Bool { self == .control || self == .unknown || self == .userDefined }

    /// Hidden unless special tokens are parsed or shown.
    var isSpecial: Bool { self == .control || self == .unknown }
}
