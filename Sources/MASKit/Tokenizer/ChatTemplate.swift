import Foundation

/// How a conversation becomes prompt text for one model: the template family recognised from the model's Jinja
/// chat template (as llama.cpp does, without running Jinja) plus the few built-in texts read from the template.
///
/// `render` returns what Hugging Face's `apply_chat_template(tokenize=False)` returns for the real template,
/// including a leading BOS text when the template writes one (RecursiveMAS tokenises that text with
/// `add_special_tokens=False`). A caller whose tokenizer adds BOS itself, as llama.cpp does, sets
/// `ChatRenderOptions.includeLeadingBOS = false`.
public struct ChatTemplate: Sendable, Hashable {
    public let family: ChatTemplateFamily
    /// Set when the template was missing or not recognised and ChatML (or the given fallback) is used instead.
    public let warning: String?
    public let bosToken: String
    public let eosToken: String
    /// Whether the rendered text starts with `bosToken` (the template writes it before the first turn).
    public let writesBOS: Bool
    /// The system prompt the template inserts when the conversation does not start with one.
    public let defaultSystemPrompt: String?
    let traits: ChatTemplateTraits

    /// Recognises the family of a Jinja chat template; a missing or unrecognised template falls back to
    /// `fallback` and sets `warning`. `bosToken` / `eosToken` are the tokenizer's special-token texts.
    public init(detectingFrom template: String?, bosToken: String? = nil, eosToken: String? = nil,
                fallback: ChatTemplateFamily = .chatML) {
        let text = template ?? ""
        let detected = text.isEmpty ? nil : ChatTemplateFamily.detect(in: text)
        let family = detected ?? fallback
        self.family = family
        if text.isEmpty {
            warning = "the model has no chat template; using the \(fallback.rawValue) format"
        } else if detected == nil {
            warning = "unrecognised chat template; using the \(fallback.rawValue) format"
        } else {
            warning = nil
        }
        let defaults = family.defaultSpecialTokens
        self.bosToken = bosToken ?? defaults.bos
        self.eosToken = eosToken ?? defaults.eos
        traits = detected == nil ? ChatTemplateTraits(family: family) : ChatTemplateTraits(family: family, template: text)
        writesBOS = traits.writesBOS
        defaultSystemPrompt = traits.defaultSystemPrompt
    }

    /// A family chosen by name (llama.cpp's names, e.g. "chatml", "llama3", "gemma", "mistral-v7"), with the
    /// built-in texts of that family's usual template.
    public init(named name: String, bosToken: String? = nil, eosToken: String? = nil) throws(ChatTemplateError) {
        guard let family = ChatTemplateFamily(rawValue: name.lowercased()) else {
            throw ChatTemplateError.unknownName(name)
        }
        self.init(family: family, bosToken: bosToken, eosToken: eosToken)
    }

    public init(family: ChatTemplateFamily, bosToken: String? = nil, eosToken: String? = nil) {
        self.family = family
        warning = nil
        let defaults = family.defaultSpecialTokens
        self.bosToken = bosToken ?? defaults.bos
        self.eosToken = eosToken ?? defaults.eos
        traits = ChatTemplateTraits(family: family)
        writesBOS = traits.writesBOS
        defaultSystemPrompt = traits.defaultSystemPrompt
    }
}

/// Per-call choices that some templates read.
public struct ChatRenderOptions: Sendable, Hashable {
    /// Qwen3-style templates: `false` renders an empty think block after the generation prompt
    /// (`enable_thinking=False`); `true` is the templates' default.
    public var enableThinking: Bool
    /// The date printed by templates that show today's date (Llama 3.2: "Today Date: 25 Nov 2025").
    public var today: Date
    /// `false` drops the leading BOS text, for tokenizers that add BOS themselves.
    public var includeLeadingBOS: Bool

    public init(enableThinking: Bool = true, today: Date = Date(), includeLeadingBOS: Bool = true) {
        self.enableThinking = enableThinking
        self.today = today
        self.includeLeadingBOS = includeLeadingBOS
    }
}

public enum ChatTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownName(String)

    public var description: String {
        switch self {
        case .unknownName(let name):
            "unknown chat template \"\(name)\"; known: "
                + ChatTemplateFamily.allCases.map(\.rawValue).joined(separator: ", ")
        }
    }
}
