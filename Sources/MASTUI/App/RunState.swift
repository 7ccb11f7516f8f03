import MASKit

/// The run being shown, as announced by `runStarted`, and how far it has got.
struct RunState: Equatable, Sendable {
    var runID: String
    var style: String
    var links: [LinkInfo]
    var rounds: Int
    var latentSteps: Int
    var question: String
    var startedAt: Double
    var lastEventAt: Double
    var round = 0
    /// The agent and kind of the stage running now.
    var stage: Stage?
    var paused: PausePoint?
    var answer: Answer?
    var finished: Outcome?
    var lastError: String?
    var hops: [HopRecord] = []
    var toolCalls: [ToolCallRecord] = []

    var elapsed: Double { finished?.seconds ?? max(0, lastEventAt - startedAt) }

    struct Stage: Equatable, Sendable {
        var agent: String
        var kind: StageKind
    }

    struct Answer: Equatable, Sendable {
        var text: String
        var extracted: String?
    }

    struct Outcome: Equatable, Sendable {
        var seconds: Double
        var stats: RunStats
    }
}

/// One hop of one round, as the hop strip shows it.
struct HopRecord: Equatable, Sendable {
    var link: String
    var from: String
    var to: String
    var round: Int
    var perStep: [HopNorms]
    var receiverEmbeddingNorm: Float
    var peek: [[NearestToken]]?

    private func mean(_ value: (HopNorms) -> Float) -> Float {
        perStep.isEmpty ? .nan : perStep.map(value).reduce(0, +) / Float(perStep.count)
    }

    var meanRaw: Float { mean(\.raw) }
    var meanAfterInner: Float { mean(\.afterInner) }
    var meanAfterOuter: Float { mean(\.afterOuter) }
}

/// A tool call and, once it came back, its result.
struct ToolCallRecord: Equatable, Sendable {
    var id: String
    var agent: String
    var tool: String
    var arguments: String
    var status: ToolStatus?
    var output: String?
    var seconds: Double?
}
