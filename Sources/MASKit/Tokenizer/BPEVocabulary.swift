/// A byte-level BPE vocabulary (GGUF `tokenizer.ggml.model = "gpt2"`), validated and indexed for
/// encoding. Built from plain data here, or from a GGUF file's metadata.
public struct BPEVocabulary: Sendable {
    public let tokens: [String]
    public let tokenTypes: [TokenType]
    public let preTokenizer: PreTokenizer
    public let bosID: Int32?
    public let eosID: Int32?
    public let eotID: Int32?
    public let padID: Int32?
    public let unknownID: Int32?
    /// `encode(addSpecial: true)` starts with BOS / ends with EOS.
    public let addBOS: Bool
    public let addEOS: Bool

    let idOfText: ByteStringIndex
    let merges: MergeTable
    /// The token spelling each single byte, or -1 when the vocabulary has none.
    let byteTokens: [Int32]
    /// Whole words that are tokens, by their bytes (only for pre-tokenizers that skip merging them).
    let idOfWord: ByteStringIndex?
    /// Tokens matched literally in the input, longest first.
    let literalTokens: [LiteralToken]

    /// - Parameters:
    ///   - tokens: token texts, spelled in GPT-2's byte alphabet (empty texts become "[EMPTY_<id>]").
    ///   - merges: "left right" pairs, highest priority first; every part and result must be a token.
    ///   - tokenTypes: ggml token types (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused,
    ///     6 byte), at least one per token; nil makes every token normal.
    ///   - addBOS: nil takes the pre-tokenizer's default.
    ///   - preTokenizer: the `tokenizer.ggml.pre` name; nil means "default".
    public init(tokens: [String], merges: [String], tokenTypes: [Int32]? = nil,
                bosID: Int32? = nil, eosID: Int32? = nil, eotID: Int32? = nil,
                padID: Int32? = nil, unknownID: Int32? = nil,
                addBOS: Bool? = nil, addEOS: Bool = false, preTokenizer: String? = nil) throws {
        guard !tokens.isEmpty else { throw TokenizerError(problem: "the vocabulary has no tokens") }
        guard tokens.count <= Int(Int32.max) else {
            throw TokenizerError(problem: "the vocabulary has \(tokens.count) tokens, more than token ids can hold")
        }
        let texts = tokens.enumerated().map { $1.isEmpty ? "[EMPTY_\($0)]" : $1 }
        let pre = try PreTokenizer(name: preTokenizer)
        let types = try Self.types(tokenTypes, count: texts.count)
        let idOfText = try Self.index(texts)

        self.tokens = texts
        self.tokenTypes = types
        self.preTokenizer = pre
        self.idOfText = idOfText
        self.merges = try MergeTable(merges, idOfText: idOfText)
        byteTokens = ByteLevelAlphabet.scalarOfByte.map { idOfText.id(of: String(decoding: [$0], as: UTF32.self)) ?? -1 }
        idOfWord = pre.ignoresMerges ? Self.wordIndex(texts) : nil
        literalTokens = texts.indices.compactMap { id in
            types[id].isMatchedLiterally ? LiteralToken(id: Int32(id), text: texts[id], type: types[id]) : nil
        }.sorted { ($0.bytes.count, $1.id) > ($1.bytes.count, $0.id) }

        func checked(_ id: Int32?, _ role: String) throws -> Int32? {
            guard let id else { return nil }
            guard id >= 0 && Int(id) < texts.count else {
                throw TokenizerError(problem: "\(role) token id \(id) is outside the vocabulary of \(texts.count) tokens")
            }
            return id
        }
        self.bosID = try checked(bosID, "BOS")
        self.eosID = try checked(eosID, "EOS")
        self.eotID = try checked(eotID, "EOT")
        self.padID = try checked(padID, "padding")
        self.unknownID = try checked(unknownID, "unknown")
        self.addBOS = addBOS ?? pre.addsBOSByDefault
        self.addEOS = addEOS
        if self.addBOS && self.bosID == nil {
            throw TokenizerError(problem: "the vocabulary asks for a BOS token but names none")
        }
        if addEOS && self.eosID == nil {
            throw TokenizerError(problem: "the vocabulary asks for an EOS token but names none")
        }
        for (id, type) in types.enumerated() where type == .byte {
            guard Self.byteValue(texts[id]) != nil else {
                throw TokenizerError(problem: "byte token \(id) is '\(texts[id])', not of the form <0xHH>")
            }
        }
    }

    public var count: Int { tokens.count }

    /// The id of the token spelled exactly `text`.
    public func id(of text: String) -> Int32? { idOfText.id(of: text) }

    /// The byte a byte-type token (`<0xHH>`) stands for.
    static func byteValue(_ text: String) -> UInt8? {
        let utf8 = Array(text.utf8)
        guard utf8.count == 6, text.hasPrefix("<0x"), utf8[5] == UInt8(ascii: ">") else { return nil }
        return UInt8(String(decoding: utf8[3 ..< 5], as: UTF8.self), radix: 16)
    }

    private static func types(_ raw: [Int32]?, count: Int) throws -> [TokenType] {
        guard let raw else { return Array(repeating: .normal, count: count) }
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

    private static func index(_ texts: [String]) throws -> ByteStringIndex {
        var index = ByteStringIndex(capacity: texts.count)
        for (id, text) in texts.enumerated() {
            var text = text
            if let earlier = text.withUTF8({ index.insert($0, id: Int32(id)) }) {
                throw TokenizerError(problem: "token \(id) '\(text)' duplicates token \(earlier)")
            }
        }
        return index
    }

    /// Tokens by the bytes they spell (texts outside the byte alphabet cannot be whole words).
    private static func wordIndex(_ texts: [String]) -> ByteStringIndex {
        var index = ByteStringIndex(capacity: texts.count)
        for (id, text) in texts.enumerated() {
            if let bytes = ByteLevelAlphabet.bytes(spelledBy: text) {
                _ = bytes.withUnsafeBufferPointer { index.insert($0, id: Int32(id)) }
            }
        }
        return index
    }
}
