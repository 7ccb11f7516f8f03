/// Per-run changes to a style's settings, and how the run is stepped.
public struct RunOptions: Sendable {
    /// How agents pass their work on (default: the style's).
    public var method: RunMethod?
    public var rounds: Int?
    public var latentSteps: Int?
    public var maxNewTokens: Int?
    /// The closing agent decodes an answer in every round (default: the style's).
    public var decodeEveryRound: Bool?
    /// Replaces the sampling seed of every agent.
    public var seed: UInt64?
    public var stepMode: StepMode
    /// Receiver-vocabulary tokens reported per latent in `hop` events (nearest by cosine); 0: no peek.
    public var peekTokens: Int
    /// The offline search corpus, instead of the style's.
    public var corpusDirectory: String?
    /// The tools agents call, instead of the standard python and search tools built from the style.
    public var tools: ToolRegistry?

    public init(method: RunMethod? = nil, rounds: Int? = nil, latentSteps: Int? = nil, maxNewTokens: Int? = nil,
                decodeEveryRound: Bool? = nil, seed: UInt64? = nil, stepMode: StepMode = .continuous, peekTokens: Int = 0,
                corpusDirectory: String? = nil, tools: ToolRegistry? = nil) {
        self.method = method
        self.rounds = rounds
        self.decodeEveryRound = decodeEveryRound
        self.latentSteps = latentSteps
        self.maxNewTokens = maxNewTokens
        self.seed = seed
        self.stepMode = stepMode
        self.peekTokens = peekTokens
        self.corpusDirectory = corpusDirectory
        self.tools = tools
    }
}

/// How a run ended.
public enum RunOutcome: Sendable, Equatable {
    case finished(answer: String)
    case cancelled
    case failed(String)
}
