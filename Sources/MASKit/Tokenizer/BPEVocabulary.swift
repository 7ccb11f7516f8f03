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
    /// Input text is brought to Unicode normalisation form C before pre-tokenisation (Qwen2's tokenizer.json).
    public let normalizesToNFC: Bool

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
        let pre = try PreTokenizer(name: preTokenizer)
        try self.init(tokens: tokens, mergePairs: MergeTable.pairs(fromLines: merges),
                      tokenTypes: TokenType.list(tokenTypes, count: tokens.count),
                      bosID: bosID, eosID: eosID, eotID: eotID, padID: padID, unknownID: unknownID,
                      addBOS: addBOS ?? pre.addsBOSByDefault, addEOS: addEOS, preTokenizer: pre, normalizesToNFC: false)
    }

    /// The vocabulary with merges given as (left, right) pairs, a pre-tokenizer built by the caller and
    /// optional NFC normalisation of the input (Hugging Face tokenizer.json files).
    init(tokens: [String], mergePairs: [(left: String, right: String)], tokenTypes: [TokenType]?,
         bosID: Int32?, eosID: Int32?, eotID: Int32?, padID: Int32?, unknownID: Int32?,
         addBOS: Bool, addEOS: Bool, preTokenizer pre: PreTokenizer, normalizesToNFC: Bool) throws {
        guard !tokens.isEmpty else { throw TokenizerError(problem: "the vocabulary has no tokens") }
        guard tokens.count <= Int(Int32.max) else {
            throw TokenizerError(problem: "the vocabulary has \(tokens.count) tokens, more than token ids can hold")
        }
        let texts = tokens.enumerated().map { $1.isEmpty ? "[EMPTY_\($0)]" : $1 }
        let types = tokenTypes ?? Array(repeating: .normal, count: texts.count)
        guard types.count == texts.count else {
            throw TokenizerError(problem: "\(types.count) token types for \(texts.count) tokens")
        }
        let idOfText = try ByteStringIndex(uniqueTexts: texts)

        self.tokens = texts
        self.tokenTypes = types
        self.preTokenizer = pre
        self.normalizesToNFC = normalizesToNFC
        self.idOfText = idOfText
        self.merges = try MergeTable(pairs: mergePairs, idOfText: idOfText)
        byteTokens = ByteLevelAlphabet.scalarOfByte.map { idOfText.id(of: String(decoding: [$0], as: UTF32.self)) ?? -1 }
        idOfWord = pre.ignoresMerges ? Self.wordIndex(texts) : nil
        literalTokens = LiteralToken.all(texts: texts, types: types)

        let ids = try SpecialTokenIDs(bos: bosID, eos: eosID, eot: eotID, pad: padID, unknown: unknownID,
                                      addBOS: addBOS, addEOS: addEOS, count: texts.count)
        (self.bosID, self.eosID, self.eotID, self.padID, self.unknownID) = (ids.bos, ids.eos, ids.eot, ids.pad, ids.unknown)
        self.addBOS = addBOS
        self.addEOS = addEOS
        for (id, type) in types.enumerated() where type == .byte {
            guard Self.byteValue(texts[id]) != nil else {
                throw TokenizerError(problem: "byte token \(id) is \(TokenizerError.quoted(texts[id])), not of the form <0xHH>")
            }
        }
    }

    public var count: Int { tokens.count }

    /// The id of the token spelled exactly `text`.
    public func id(of text: String) -> Int32? { idOfText.id(of: text) }

    /// The byte a byte-type token (`<0xHH>`) stands for.
    static func byteValue(_ text: String) -> UInt8? { TokenType.byteValue(text) }

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
