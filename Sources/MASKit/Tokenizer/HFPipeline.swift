/// What the normalizer, pre-tokenizer, decoder and post-processor components of a tokenizer.json mean for
/// the two kinds of tokenizer here; a component either kind cannot follow is an error naming it.
enum HFPipeline {
    /// The Split regexes recognised (matched exactly), with the scanner that implements each.
    static let splitPatterns: [String: PreTokenizer.Pattern] = [
        #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#: .gpt2,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .llama3,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#: .qwen2,
    ]

    static let supportedPreTokenizers = "ByteLevel; Digits(individual_digits) + ByteLevel; "
        + "Split(the GPT-2, Llama 3 or Qwen2 regex, Isolated) + ByteLevel(use_regex: false); Metaspace; none"

    /// Whether the file is byte-level BPE (a ByteLevel pre-tokenizer) rather than SentencePiece-style.
    static func isByteLevel(_ file: HFTokenizerFile) -> Bool {
        file.preTokenizers.contains { $0.componentType == "ByteLevel" }
    }

    // MARK: Byte-level

    /// The pre-tokenizer pattern of a byte-level file.
    static func byteLevelPattern(_ components: [JSONNode]) throws -> PreTokenizer.Pattern {
        let unsupported = TokenizerError(problem: "pre_tokenizer "
            + components.map(describe).joined(separator: " + ") + " is not supported; supported: " + supportedPreTokenizers)
        guard let byteLevel = components.last, byteLevel.componentType == "ByteLevel" else { throw unsupported }
        if try byteLevel["add_prefix_space"].boolIfPresent() ?? true {
            throw byteLevel["add_prefix_space"].error("is not false, which is not supported")
        }
        let usesRegex = try byteLevel["use_regex"].boolIfPresent() ?? true
        switch (components.dropLast().map(\.componentType), usesRegex) {
        case ([], true):
            return .gpt2
        case (["Digits"], true) where try components[0]["individual_digits"].boolIfPresent() == true:
            return .digitsThenGPT2
        case (["Split"], false):
            let split = components[0]
            guard try split["behavior"].stringIfPresent() == "Isolated", try split["invert"].boolIfPresent() != true,
                  let regex = try split["pattern"]["Regex"].stringIfPresent(), let pattern = splitPatterns[regex]
            else { throw unsupported }
            return pattern
        default:
            throw unsupported
        }
    }

    /// Whether the normalizer brings text to NFC; anything else than NFC is an error.
    static func byteLevelNormalizesToNFC(_ components: [JSONNode]) throws -> Bool {
        for component in components where component.componentType != "NFC" {
            throw TokenizerError(problem: "normalizer \(describe(component)) is not supported with a ByteLevel pre-tokenizer")
        }
        return !components.isEmpty
    }

    static func checkByteLevelDecoders(_ components: [JSONNode]) throws {
        guard !components.isEmpty else { throw TokenizerError(problem: "decoder is missing; a ByteLevel decoder is needed") }
        for component in components where component.componentType != "ByteLevel" {
            throw TokenizerError(problem: "decoder \(describe(component)) is not supported with a ByteLevel pre-tokenizer")
        }
    }

    // MARK: SentencePiece-style

    private static let marker = "\u{2581}"

    /// The options the normalizer, pre-tokenizer and decoder components ask for.
    static func sentencePieceOptions(_ file: HFTokenizerFile) throws -> SentencePieceVocabulary.Options {
        var options = SentencePieceVocabulary.Options()
        options.escapesSpaces = false
        options.unescapesSpaces = false
        options.ignoresMerges = file.ignoresMerges
        for component in file.normalizers {
            switch component.componentType {
            case "NFC":
                options.normalizesToNFC = true
            case "Replace" where try replaces(component, " ", with: marker):
                options.escapesSpaces = true
            case "Prepend" where try component["prepend"].stringIfPresent() == marker:
                options.spacePrefix = .everyFragment
            default:
                throw TokenizerError(problem: "normalizer \(describe(component)) is not supported")
            }
        }
        for component in file.preTokenizers {
            guard component.componentType == "Metaspace", try component["replacement"].stringIfPresent() ?? marker == marker else {
                throw TokenizerError(problem: "pre_tokenizer \(describe(component)) is not supported; supported: "
                    + supportedPreTokenizers)
            }
            options.escapesSpaces = true
            options.splitsWords = try component["split"].boolIfPresent() ?? true
            switch try prependScheme(component) {
            case "always": options.spacePrefix = .metaspace(firstOnly: false)
            case "first": options.spacePrefix = .metaspace(firstOnly: true)
            default: break
            }
        }
        var fused = false
        for component in file.decoders {
            switch component.componentType {
            case "Replace" where try replaces(component, marker, with: " "):
                options.unescapesSpaces = true
            case "ByteFallback":
                break
            case "Fuse":
                fused = true
            case "Strip" where try component["content"].stringIfPresent() == " " && component["stop"].intIfPresent() ?? 0 == 0:
                let start = try component["start"].intIfPresent() ?? 0
                guard start <= 1, fused || component.path == file.decoders.last?.path else {
                    throw TokenizerError(problem: "decoder \(describe(component)) is not supported (only Strip of one leading space after Fuse is)")
                }
                if start == 1 { options.leadingSpace = .droppedFromFirstShownToken }
            case "Metaspace" where try component["replacement"].stringIfPresent() ?? marker == marker:
                options.unescapesSpaces = true
                if try prependScheme(component) != "never" { options.leadingSpace = .droppedFromFirstShownToken }
            default:
                throw TokenizerError(problem: "decoder \(describe(component)) is not supported")
            }
        }
        return options
    }

    /// "always", "first" or "never" (older files say add_prefix_space instead).
    private static func prependScheme(_ metaspace: JSONNode) throws -> String {
        if let scheme = try metaspace["prepend_scheme"].stringIfPresent() {
            guard ["always", "first", "never"].contains(scheme) else {
                throw metaspace["prepend_scheme"].error("\(TokenizerError.quoted(scheme)) is not always, first or never")
            }
            return scheme
        }
        return try metaspace["add_prefix_space"].boolIfPresent() ?? true ? "always" : "never"
    }

    private static func replaces(_ component: JSONNode, _ text: String, with content: String) throws -> Bool {
        try component["pattern"]["String"].stringIfPresent() == text && component["content"].stringIfPresent() == content
    }

    // MARK: Post-processor

    /// The token texts (and ids, when the file gives them) the post-processor puts before and after the text.
    struct AddedSpecials {
        var bos: (text: String, id: Int32?)?
        var eos: (text: String, id: Int32?)?
    }

    static func addedSpecials(_ components: [JSONNode]) throws -> AddedSpecials {
        var specials = AddedSpecials()
        for component in components {
            switch component.componentType {
            case "ByteLevel":
                continue
            case "TemplateProcessing":
                var beforeText: [(String, Int32?)] = []
                var afterText: [(String, Int32?)] = []
                var seenText = false
                for item in try component["single"].array() {
                    if try item["Sequence"].objectIfPresent() != nil {
                        seenText = true
                        continue
                    }
                    let text = try item["SpecialToken"]["id"].string()
                    let id = try component["special_tokens"][text]["ids"].arrayIfPresent()?.first.map { node in
                        let id = try node.int()
                        guard let token = Int32(exactly: id) else { throw node.error("\(id) is not a token id") }
                        return token
                    }
                    if seenText { afterText.append((text, id)) } else { beforeText.append((text, id)) }
                }
                guard beforeText.count <= 1, afterText.count <= 1 else {
                    throw component["single"].error("adds \(beforeText.count) tokens before the text and \(afterText.count) after; at most one each is supported")
                }
                specials.bos = beforeText.first.map { (text: $0.0, id: $0.1) }
                specials.eos = afterText.first.map { (text: $0.0, id: $0.1) }
            default:
                throw TokenizerError(problem: "post_processor \(describe(component)) is not supported; supported: TemplateProcessing, ByteLevel")
            }
        }
        return specials
    }

    /// "Split(regex '...')", "Metaspace", … for messages.
    static func describe(_ component: JSONNode) -> String {
        let type = component.componentType
        if let regex = try? component["pattern"]["Regex"].stringIfPresent() { return "\(type)(regex '\(regex.prefix(200))')" }
        if let text = try? component["pattern"]["String"].stringIfPresent() { return "\(type)(\(TokenizerError.quoted(text)))" }
        return type
    }
}
