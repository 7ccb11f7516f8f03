/// Per-run changes to a style's settings, and how the run is stepped.
public struct RunOptions: Sendable {
    public var rounds: Int?
    public var latentSteps: Int?
    public var maxNewTokens: Int?
    /// Replaces the sampling seed of every agent.
    public var seed: UInt64?
    public var stepMode: StepMode
    /// Receiver-vocabulary tokens reported per latent in `hop` events (nearest by cosine); 0: no peek.
    public var peekTokens: Int
    /// The offline search corpus, instead of the style's.
    public var corpusDirectory: String?
    /// The tools agents call, instead of the standard python and search tools built from the style.
    public var tools: ToolRegistry?

    public init(rounds: Int? = nil, latentSteps: Int? = nil, maxNewTokens: Int? = nil, seed: UInt64? = nil,
                stepMode: StepMode = .continuous, peekTokens: Int = 0, corpusDirectory: String? = nil,
                tools: ToolRegistry? = nil) {
        self.rounds = rounds
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
