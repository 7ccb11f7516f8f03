import Foundation

/// A tokenizer in the Hugging Face layout: tokenizer.json (a BPE model, byte-level or SentencePiece-style),
/// tokenizer_config.json (BOS/EOS tokens and flags, clean-up, chat template) and chat_template.jinja.
///
/// Byte-level files (a ByteLevel pre-tokenizer, alone, after Digits, or after a Split with the GPT-2, Llama 3
/// or Qwen2 regex) give a `BPETokenizer`; SentencePiece-style files (spaces as "▁" through a Replace or Prepend
/// normalizer or a Metaspace pre-tokenizer, byte fallback) give a `SentencePieceTokenizer`. Added tokens marked
/// special are control tokens (parsed only with `parseSpecial`, hidden with `skipSpecial`); other added tokens
/// are always matched and shown. `encode(addSpecial: true)` adds what the TemplateProcessing post-processor
/// adds, or what tokenizer_config.json's add_bos_token / add_eos_token say when present.
public struct HuggingFaceTokenizer: Sendable {
    public let tokenizer: any Tokenizer
    /// Special-token texts (tokenizer_config.json, else the post-processor's).
    public let bosToken: String?
    public let eosToken: String?
    public let bosID: Int32?
    public let eosID: Int32?
    /// The Jinja chat template: chat_template.jinja, else tokenizer_config.json's chat_template.
    public let chatTemplateSource: String?
    /// The chat template recognised from that source (ChatML with a warning when there is none), with this
    /// tokenizer's BOS/EOS texts.
    public let chatTemplate: ChatTemplate

    /// Reads tokenizer.json, and tokenizer_config.json and chat_template.jinja when present, from `directory`.
    public init(directory: URL) throws {
        func read(_ name: String, required: Bool) throws -> Data? {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                if required { throw TokenizerError(file: url.path, problem: "no such file") }
                return nil
            }
            do {
                return try FileContents.read(url, limit: FileContents.tokenizerLimit)
            } catch {
                throw TokenizerError(file: url.path, problem: "cannot be read: \(error.description)")
            }
        }
        let template = try read("chat_template.jinja", required: false).map { String(decoding: $0, as: UTF8.self) }
        try self.init(tokenizerJSON: read("tokenizer.json", required: true) ?? Data(),
                      tokenizerConfig: read("tokenizer_config.json", required: false),
                      chatTemplate: template,
                      fileNames: (directory.appendingPathComponent("tokenizer.json").path,
                                  directory.appendingPathComponent("tokenizer_config.json").path))
    }

    /// From the files' contents; errors name `tokenizer.json` / `tokenizer_config.json` (or the given paths).
    public init(tokenizerJSON: Data, tokenizerConfig: Data? = nil, chatTemplate: String? = nil,
                fileNames: (tokenizer: String, config: String) = ("tokenizer.json", "tokenizer_config.json")) throws {
        let config: HFTokenizerConfig
        do {
            config = try tokenizerConfig.map(HFTokenizerConfig.init(data:)) ?? HFTokenizerConfig()
        } catch let error as TokenizerError {
            throw error.inFile(fileNames.config)
        }
        do {
            let file = try HFTokenizerFile(data: tokenizerJSON)
            let specials = try HFPipeline.addedSpecials(file.postProcessors)
            let idOfText = Dictionary(file.tokens.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
            func id(of text: String?, _ role: String) throws -> Int32? {
                guard let text else { return nil }
                guard let id = idOfText[text] else { throw TokenizerError(problem: "the \(role) token \(TokenizerError.quoted(text)) is not a token") }
                return id
            }
            let bosText = config.bosToken ?? specials.bos?.text
            let eosText = config.eosToken ?? specials.eos?.text
            let bosID = try specials.bos?.id ?? id(of: specials.bos?.text, "BOS") ?? id(of: config.bosToken, "BOS")
            let eosID = try specials.eos?.id ?? id(of: specials.eos?.text, "EOS") ?? id(of: config.eosToken, "EOS")
            let addBOS = config.addBOS ?? (specials.bos != nil)
            let addEOS = config.addEOS ?? (specials.eos != nil)
            let unknownID = try id(of: file.unknownToken, "unknown")
            var types = Array(repeating: TokenType.normal, count: file.tokens.count)
            for token in file.addedTokens { types[Int(token.id)] = token.special ? .control : .userDefined }

            if HFPipeline.isByteLevel(file) {
                let pattern = try HFPipeline.byteLevelPattern(file.preTokenizers)
                let normalizesToNFC = try HFPipeline.byteLevelNormalizesToNFC(file.normalizers)
                try HFPipeline.checkByteLevelDecoders(file.decoders)
                let vocabulary = try BPEVocabulary(
                    tokens: file.tokens, mergePairs: file.merges, tokenTypes: types,
                    bosID: bosID, eosID: eosID, eotID: nil, padID: nil, unknownID: unknownID,
                    addBOS: addBOS, addEOS: addEOS,
                    preTokenizer: PreTokenizer(pattern: pattern, ignoresMerges: file.ignoresMerges,
                                               cleansSpaces: config.cleansSpaces),
                    normalizesToNFC: normalizesToNFC)
                tokenizer = BPETokenizer(vocabulary: vocabulary)
            } else {
                let options = try HFPipeline.sentencePieceOptions(file)
                if file.byteFallback {
                    for (id, text) in file.tokens.enumerated() where TokenType.byteValue(text) != nil { types[id] = .byte }
                }
                let vocabulary = try SentencePieceVocabulary(
                    tokens: file.tokens, types: types,
                    segmentation: .merges(file.merges, byteFallback: file.byteFallback, fusesUnknown: file.fusesUnknown),
                    specialTokens: Set(file.addedTokens.filter(\.special).map(\.id)),
                    bosID: bosID, eosID: eosID, padID: nil, unknownID: unknownID,
                    addBOS: addBOS, addEOS: addEOS, options: options)
                tokenizer = SentencePieceTokenizer(vocabulary: vocabulary)
            }
            self.bosToken = bosText
            self.eosToken = eosText
            self.bosID = bosID
            self.eosID = eosID
        } catch let error as TokenizerError {
            throw error.inFile(fileNames.tokenizer)
        }
        chatTemplateSource = chatTemplate ?? config.chatTemplate
        self.chatTemplate = ChatTemplate(detectingFrom: chatTemplateSource, bosToken: bosToken, eosToken: eosToken)
    }
}
