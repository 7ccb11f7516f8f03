/// A style with its models, tokenizers and links loaded: ready to run questions.
public struct LoadedSystem: Sendable {
    public let style: Style
    /// In the style's role order.
    public let agents: [LoadedAgent]
    /// Outer links by key, mapping the sender's inner-linked latents into the receiver's space.
    public let outerLinks: [String: LatentMap]
    /// Things the user must see before trusting the run (a chat template guessed).
    public let warnings: [String]
    /// Likewise, about the links (untrained ones standing in for fitted ones): they matter to latent runs only.
    public let linkWarnings: [String]

    public init(style: Style, agents: [LoadedAgent], outerLinks: [String: LatentMap], warnings: [String],
                linkWarnings: [String] = []) {
        self.style = style
        self.agents = agents
        self.outerLinks = outerLinks
        self.warnings = warnings
        self.linkWarnings = linkWarnings
    }

    public func agent(role: String) -> LoadedAgent? { agents.first { $0.spec.role == role } }
}

/// One agent ready to run: its model and tokenizer, how it renders chats, and its inner link.
public struct LoadedAgent: Sendable {
    public let spec: Style.Agent
    public let model: LanguageModel
    /// The model's file name, as events show it.
    public let modelName: String
    public let tokenizer: any Tokenizer
    public let template: ChatTemplate
    public let inner: LatentMap
    /// Tokens that end a decode: the end-of-sequence and end-of-turn tokens.
    public let stopTokens: Set<Int32>

    public init(spec: Style.Agent, model: LanguageModel, modelName: String, tokenizer: any Tokenizer,
                template: ChatTemplate, inner: LatentMap, stopTokens: Set<Int32>) {
        self.spec = spec
        self.model = model
        self.modelName = modelName
        self.tokenizer = tokenizer
        self.template = template
        self.inner = inner
        self.stopTokens = stopTokens
    }

    public var name: String { spec.name }
}
