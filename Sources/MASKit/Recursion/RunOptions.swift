/// Per-run changes to a style's settings, and how the run is stepped.
public struct RunOptions: Sendable {
    public var rounds: Int?
    public var latentSteps: Int?
    public var maxNewTokens: Int?
    /// Replaces the sampling seed of every agent.
    public var seed: UInt64?
    public var stepMode: StepMode

    public init(rounds: Int? = nil, latentSteps: Int? = nil, maxNewTokens: Int? = nil, seed: UInt64? = nil,
                stepMode: StepMode = .continuous) {
        self.rounds = rounds
        self.latentSteps = latentSteps
        self.maxNewTokens = maxNewTokens
        self.seed = seed
        self.stepMode = stepMode
    }
}

/// How a run ended.
public enum RunOutcome: Sendable, Equatable {
    case finished(answer: String)
    case cancelled
    case failed(String)
}
