import Foundation

/// What a Hugging Face tokenizer_config.json says about special tokens, decoding and the chat template.
struct HFTokenizerConfig {
    var bosToken: String?
    var eosToken: String?
    var addBOS: Bool?
    var addEOS: Bool?
    var cleansSpaces = false
    var chatTemplate: String?

    init() {}

    init(data: Data) throws {
        let root = try JSONNode(parsing: data)
        guard case .object = root.value else { throw TokenizerError(problem: "not a JSON object") }
        bosToken = try Self.tokenText(root["bos_token"])
        eosToken = try Self.tokenText(root["eos_token"])
        addBOS = try root["add_bos_token"].boolIfPresent()
        addEOS = try root["add_eos_token"].boolIfPresent()
        cleansSpaces = try root["clean_up_tokenization_spaces"].boolIfPresent() ?? false
        chatTemplate = try Self.template(root["chat_template"])
    }

    /// A special token written as its text or as an AddedToken object (`{"content": ...}`).
    private static func tokenText(_ node: JSONNode) throws -> String? {
        if node.isNull { return nil }
        if let text = try? node.stringIfPresent() { return text }
        return try node["content"].string()
    }

    /// One template, or the one named "default" (else the first) of a list of named templates.
    private static func template(_ node: JSONNode) throws -> String? {
        if node.isNull { return nil }
        if let text = try? node.stringIfPresent() { return text }
        let named = try node.array()
        let chosen = try named.first { try $0["name"].stringIfPresent() == "default" } ?? named.first
        return try chosen?["template"].string()
    }
}
