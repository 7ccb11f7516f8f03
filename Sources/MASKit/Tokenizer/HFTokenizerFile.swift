import Foundation

/// The parts of a Hugging Face tokenizer.json that the tokenizers here use: a BPE model (vocabulary, merges,
/// byte fallback, unknown token), the added tokens and the pipeline components, with `Sequence` components
/// flattened into lists. Errors are `TokenizerError`s without a file name (the caller adds it).
struct HFTokenizerFile {
    struct AddedToken {
        let id: Int32
        let content: String
        /// Hidden when special tokens are skipped and matched only when they are parsed.
        let special: Bool
    }

    /// Texts by id: the model's vocabulary and the added tokens, which must cover 0 ..< count.
    let tokens: [String]
    let merges: [(left: String, right: String)]
    let byteFallback: Bool
    let fusesUnknown: Bool
    let ignoresMerges: Bool
    let unknownToken: String?
    let addedTokens: [AddedToken]
    let normalizers: [JSONNode]
    let preTokenizers: [JSONNode]
    let decoders: [JSONNode]
    let postProcessors: [JSONNode]

    static let supportedModels = ["BPE"]

    init(data: Data) throws {
        let root = try JSONNode(parsing: data)
        guard case .object = root.value else { throw TokenizerError(problem: "not a JSON object") }
        let model = root["model"]
        guard case .object = model.value else { throw model.isNull ? model.error("is missing") : model.error("is \(model.value.typeName), not an object") }
        let type = try model["type"].stringIfPresent() ?? (model["merges"].isNull ? "unknown" : "BPE")
        guard Self.supportedModels.contains(type) else {
            throw model.error("type \(TokenizerError.quoted(type)) is not supported; supported: " + Self.supportedModels.joined(separator: ", "))
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let affix = try model[key].stringIfPresent(), !affix.isEmpty {
                throw model[key].error("\(TokenizerError.quoted(affix)) is not supported")
            }
        }
        if let dropout = try model["dropout"].doubleIfPresent(), dropout > 0 {
            throw model["dropout"].error("\(dropout) is not supported (encoding would be random)")
        }
        byteFallback = try model["byte_fallback"].boolIfPresent() ?? false
        fusesUnknown = try model["fuse_unk"].boolIfPresent() ?? false
        ignoresMerges = try model["ignore_merges"].boolIfPresent() ?? false
        unknownToken = try model["unk_token"].stringIfPresent()
        merges = try (model["merges"].arrayIfPresent() ?? []).map(Self.merge)

        addedTokens = try (root["added_tokens"].arrayIfPresent() ?? []).map(Self.addedToken)
        var textOfID: [Int32: String] = [:]
        for (text, node) in try model["vocab"].object() {
            let id = try Self.tokenID(node)
            if let other = textOfID[id] { throw node.error("repeats id \(id) of \(TokenizerError.quoted(other))") }
            textOfID[id] = text
        }
        for token in addedTokens {
            if let text = textOfID[token.id], text != token.content {
                throw TokenizerError(problem: "added token \(token.id) \(TokenizerError.quoted(token.content)) has the id of vocabulary token \(TokenizerError.quoted(text))")
            }
            textOfID[token.id] = token.content
        }
        guard !textOfID.isEmpty else { throw model["vocab"].error("is empty") }
        for id in 0 ..< Int32(textOfID.count) where textOfID[id] == nil {
            throw TokenizerError(problem: "token ids are not contiguous: no token has id \(id) (the highest is \(textOfID.keys.max() ?? 0))")
        }
        tokens = (0 ..< Int32(textOfID.count)).map { textOfID[$0] ?? "" }

        normalizers = try Self.components(root["normalizer"], listKey: "normalizers")
        preTokenizers = try Self.components(root["pre_tokenizer"], listKey: "pretokenizers")
        decoders = try Self.components(root["decoder"], listKey: "decoders")
        postProcessors = try Self.components(root["post_processor"], listKey: "processors")
    }

    /// A merge as "left right" (older files) or ["left", "right"].
    private static func merge(_ node: JSONNode) throws -> (left: String, right: String) {
        if let line = try? node.stringIfPresent() {
            guard let pair = try MergeTable.pairs(fromLines: [line]).first else { throw node.error("is empty") }
            return pair
        }
        let parts = try node.array()
        guard parts.count == 2 else { throw node.error("has \(parts.count) parts, not 2") }
        return (try parts[0].string(), try parts[1].string())
    }

    private static func addedToken(_ node: JSONNode) throws -> AddedToken {
        for flag in ["single_word", "lstrip", "rstrip"] where try node[flag].boolIfPresent() == true {
            throw node.error("(\(TokenizerError.quoted(try node["content"].stringIfPresent() ?? ""))) sets \(flag), which is not supported")
        }
        let content = try node["content"].string()
        guard !content.isEmpty else { throw node["content"].error("is empty") }
        return AddedToken(id: try tokenID(node["id"]), content: content,
                          special: try node["special"].boolIfPresent() ?? false)
    }

    private static func tokenID(_ node: JSONNode) throws -> Int32 {
        let id = try node.int()
        guard let token = Int32(exactly: id), token >= 0 else { throw node.error("\(id) is not a token id") }
        return token
    }

    /// The component, or the components of a `Sequence` (nested ones flattened); none for null.
    private static func components(_ node: JSONNode, listKey: String) throws -> [JSONNode] {
        if node.isNull { return [] }
        let type = try node["type"].string()
        guard type == "Sequence" else { return [node] }
        return try node[listKey].array().flatMap { try components($0, listKey: listKey) }
    }
}

extension JSONNode {
    /// A component's `type`, for messages.
    var componentType: String { (try? self["type"].stringIfPresent()) ?? "?" }
}
