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

extension TokenType {
    /// Types from raw ggml values, one per token (extra values are ignored); nil when `raw` is nil.
    static func list(_ raw: [Int32]?, count: Int) throws -> [TokenType]? {
        guard let raw else { return nil }
        guard raw.count >= count else {
            throw TokenizerError(problem: "\(raw.count) token types for \(count) tokens")
        }
        return try (0 ..< count).map { id in
            guard let type = TokenType(rawValue: raw[id]) else {
                throw TokenizerError(problem: "token \(id) has unknown token type \(raw[id])")
            }
            return type
        }
    }

    /// The byte a byte token's text (`<0xHH>`) stands for.
    static func byteValue(_ text: String) -> UInt8? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 6, text.hasPrefix("<0x"), utf8[5] == UInt8(ascii: ">") else { return nil }
        return UInt8(String(decoding: utf8[3 ..< 5], as: UTF8.self), radix: 16)
    }
}
