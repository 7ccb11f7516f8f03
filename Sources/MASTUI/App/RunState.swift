import MASKit

/// The run being shown, as announced by `runStarted`, and how far it has got.
public struct RunState: Equatable, Sendable {
    public var runID: String
    public var style: String
    public var links: [LinkInfo]
    public var rounds: Int
    public var latentSteps: Int
    public var question: String
    public var startedAt: Double
    public var lastEventAt: Double
    public var round = 0
    /// The agent and kind of the stage running now.
    public var stage: Stage?
    public var paused: PausePoint?
    public var answer: Answer?
    public var finished: Outcome?
    public var lastError: String?
    /// Run-level errors that are only warnings (such as untrained stand-in links).
    public var warnings: [String] = []
    public var hops: [HopRecord] = []
    public var toolCalls: [ToolCallRecord] = []

    public var elapsed: Double { finished?.seconds ?? max(0, lastEventAt - startedAt) }

    public struct Stage: Equatable, Sendable {
        public var agent: String
        public var kind: StageKind
    }

    public struct Answer: Equatable, Sendable {
        public var text: String
        public var extracted: String?
    }

    public struct Outcome: Equatable, Sendable {
        public var seconds: Double
        public var stats: RunStats
    }
}

/// One hop of one round, as the hop strip shows it.
public struct HopRecord: Equatable, Sendable {
    public var link: String
    public var from: String
    public var to: String
    public var round: Int
    public var perStep: [HopStep]
    public var receiverEmbeddingNorm: Float
    public var peek: [[NearestToken]]?

    private func mean(_ value: (HopStep) -> Float) -> Float {
        perStep.isEmpty ? .nan : perStep.map(value).reduce(0, +) / Float(perStep.count)
    }

    public var meanRaw: Float { mean(\.raw) }
    public var meanAfterInner: Float { mean(\.afterInner) }
    public var meanAfterOuter: Float { mean(\.afterOuter) }
}

/// A tool call and, once it came back, its result.
public struct ToolCallRecord: Equatable, Sendable {
    public var id: String
    public var agent: String
    public var tool: String
    public var arguments: String
    public var status: ToolStatus?
    public var output: String?
    public var seconds: Double?
}
