/// A SentencePiece-style vocabulary: spaces are written "▁" and text is segmented from single characters,
/// either by token score (GGUF `tokenizer.ggml.model = "llama"`, llama.cpp's SPM tokenizer) or by ranked
/// merges with byte fallback (Hugging Face tokenizer.json BPE models such as Gemma's).
public struct SentencePieceVocabulary: Sendable {
    /// Where a "▁" is put before the text between literal tokens.
    public enum SpacePrefix: Sendable, Equatable {
        case none
        /// Before every piece of text (llama.cpp's add_space_prefix, tokenizer.json normalizer `Prepend`).
        case everyFragment
        /// Before a piece of text that does not start with "▁" already: every piece, or only one at the very
        /// start of the input (tokenizer.json `Metaspace` with prepend_scheme "always" / "first").
        case metaspace(firstOnly: Bool)
    }

    /// What `decode` does with the space the encoder put before the text.
    public enum DecodedLeadingSpace: Sendable, Equatable {
        case kept
        /// One leading space of the first token's text is dropped, unless a BOS token was skipped before it
        /// (llama.cpp with add_space_prefix).
        case droppedFromFirstToken
        /// One leading space of the first token that is shown is dropped (tokenizer.json decoders `Metaspace`
        /// or `Strip`).
        case droppedFromFirstShownToken
    }

    public let tokens: [String]
    public let tokenTypes: [TokenType]
    public let bosID: Int32?
    public let eosID: Int32?
    public let padID: Int32?
    public let unknownID: Int32?
    /// `encode(addSpecial: true)` starts with BOS / ends with EOS.
    public let addBOS: Bool
    public let addEOS: Bool
    public let spacePrefix: SpacePrefix
    public let leadingSpace: DecodedLeadingSpace

    /// Options of the tokenizer.json flavour (the GGUF flavour uses the defaults).
    struct Options {
        var spacePrefix: SpacePrefix = .none
        var leadingSpace: DecodedLeadingSpace = .kept
        /// Spaces become "▁" before segmentation.
        var escapesSpaces = true
        /// "▁" in token texts is shown as a space.
        var unescapesSpaces = true
        /// Each "▁" starts a new word, and merges stay within words (Metaspace split).
        var splitsWords = false
        var normalizesToNFC = false
        /// A whole word that is a token is used as is.
        var ignoresMerges = false
    }

    enum Segmentation: Sendable {
        case scores([Float])
        case merges(MergeTable, byteFallback: Bool, fusesUnknown: Bool)
    }

    /// How the vocabulary segments text, as given to `init`.
    enum SegmentationRule {
        case scores([Float])
        /// (left, right) token texts in rank order.
        case merges([(left: String, right: String)], byteFallback: Bool, fusesUnknown: Bool)
    }

    let options: Options
    let segmentation: Segmentation
    let idOfText: ByteStringIndex
    /// The `<0xHH>` token of each byte, or -1.
    let byteTokens: [Int32]
    /// Tokens hidden unless special tokens are shown.
    let isSpecial: [Bool]
    /// Tokens matched literally in the input, longest first.
    let literalTokens: [LiteralToken]

    /// A llama.cpp SPM vocabulary (GGUF `tokenizer.ggml.model = "llama"`).
    /// - Parameters:
    ///   - tokens: token texts with spaces written "▁" (empty texts become "[EMPTY_<id>]").
    ///   - scores: one per token; of two adjacent pieces, those joining into the best-scored token join first.
    ///   - tokenTypes: ggml token types, at least one per token; nil makes every token normal. Tokens whose text
    ///     llama.cpp always treats as control (end-of-turn and fill-in-the-middle markers) become control tokens.
    ///   - addSpacePrefix: a space goes before every piece of text between literal tokens, and `decode` drops it.
    public init(tokens: [String], scores: [Float], tokenTypes: [Int32]? = nil,
                bosID: Int32? = nil, eosID: Int32? = nil, padID: Int32? = nil, unknownID: Int32? = nil,
                addBOS: Bool = true, addEOS: Bool = false, addSpacePrefix: Bool = true) throws {
        guard scores.count >= tokens.count else {
            throw TokenizerError(problem: "\(scores.count) token scores for \(tokens.count) tokens")
        }
        let types = try TokenType.list(tokenTypes, count: tokens.count)?.enumerated().map { id, type in
            type != .control && ControlTokenTexts.all.contains(tokens[id]) ? .control : type
        }
        var options = Options()
        if addSpacePrefix {
            options.spacePrefix = .everyFragment
            options.leadingSpace = .droppedFromFirstToken
        }
        try self.init(tokens: tokens, types: types, segmentation: .scores(Array(scores.prefix(tokens.count))),
                      specialTokens: nil, bosID: bosID, eosID: eosID, padID: padID, unknownID: unknownID,
                      addBOS: addBOS, addEOS: addEOS, options: options)
    }

    /// - Parameter specialTokens: tokens hidden unless special tokens are shown, and matched literally only
    ///   when special tokens are parsed; nil takes them from the types (control and unknown tokens).
    init(tokens: [String], types: [TokenType]?, segmentation rule: SegmentationRule, specialTokens: Set<Int32>?,
         bosID: Int32?, eosID: Int32?, padID: Int32?, unknownID: Int32?,
         addBOS: Bool, addEOS: Bool, options: Options) throws {
        guard !tokens.isEmpty else { throw TokenizerError(problem: "the vocabulary has no tokens") }
        guard tokens.count <= Int(Int32.max) else {
            throw TokenizerError(problem: "the vocabulary has \(tokens.count) tokens, more than token ids can hold")
        }
        let texts = tokens.enumerated().map { $1.isEmpty ? "[EMPTY_\($0)]" : $1 }
        let types = types ?? Array(repeating: .normal, count: texts.count)
        guard types.count == texts.count else {
            throw TokenizerError(problem: "\(types.count) token types for \(texts.count) tokens")
        }
        let idOfText = try ByteStringIndex(uniqueTexts: texts)
        for (id, type) in types.enumerated() where type == .byte {
            guard TokenType.byteValue(texts[id]) != nil else {
                throw TokenizerError(problem: "byte token \(id) is \(TokenizerError.quoted(texts[id])), not of the form <0xHH>")
            }
        }
        let ids = try SpecialTokenIDs(bos: bosID, eos: eosID, pad: padID, unknown: unknownID,
                                      addBOS: addBOS, addEOS: addEOS, count: texts.count)

        self.tokens = texts
        tokenTypes = types
        (self.bosID, self.eosID, self.padID, self.unknownID) = (ids.bos, ids.eos, ids.pad, ids.unknown)
        self.addBOS = addBOS
        self.addEOS = addEOS
        spacePrefix = options.spacePrefix
        leadingSpace = options.leadingSpace
        self.options = options
        segmentation = switch rule {
        case .scores(let scores): .scores(scores)
        case .merges(let pairs, let byteFallback, let fusesUnknown):
            .merges(try MergeTable(pairs: pairs, idOfText: idOfText), byteFallback: byteFallback, fusesUnknown: fusesUnknown)
        }
        self.idOfText = idOfText
        byteTokens = (0 ... 255).map { byte in
            if let id = idOfText.id(of: "<0x" + Self.hexDigits(UInt8(byte)) + ">") { return id }
            // llama.cpp falls back to a token spelling the byte itself.
            return byte < 0x80 ? idOfText.id(of: String(UnicodeScalar(UInt8(byte)))) ?? -1 : -1
        }
        if let specialTokens {
            isSpecial = texts.indices.map { specialTokens.contains(Int32($0)) }
            literalTokens = LiteralToken.sorted(texts.indices.compactMap { id in
                if specialTokens.contains(Int32(id)) { return LiteralToken(id: Int32(id), text: texts[id], type: .control) }
                return types[id] == .userDefined ? LiteralToken(id: Int32(id), text: texts[id], type: .userDefined) : nil
            })
        } else {
            isSpecial = types.map(\.isSpecial)
            literalTokens = LiteralToken.all(texts: texts, types: types)
        }
    }

    public var count: Int { tokens.count }

    /// The id of the token spelled exactly `text` (spaces written "▁").
    public func id(of text: String) -> Int32? { idOfText.id(of: text) }

    /// Appends the byte token of every byte; a byte without one becomes the unknown token, if any.
    func appendByteTokens(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [Int32]) {
        for byte in bytes {
            let id = byteTokens[Int(byte)]
            if id >= 0 {
                output.append(id)
            } else if let unknownID {
                output.append(unknownID)
            }
        }
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}
