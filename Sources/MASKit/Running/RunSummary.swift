/// One run's figures, read off its events: what `mastui run --compare`, `mastui eval` and the TUI's
/// comparison card show side by side. Built event by event (`add`), so a live view can keep one.
public struct RunSummary: Sendable, Equatable, Codable {
    public var style = ""
    public var method = RunMethod.latent
    public var question = ""
    /// The final answer and what was extracted from it; nil until the run answers.
    public var answer: String?
    public var extracted: String?
    /// The answers of the rounds before the last, when the closing agent decoded in every round.
    public var roundAnswers: [RoundAnswer] = []
    /// Per agent, in the order they first worked: tokens decoded and latent steps taken.
    public var agents: [AgentWork] = []
    public var stages: [StageTime] = []
    /// Seconds from start to finish; nil until the run finishes.
    public var seconds: Double?
    /// Why the run did not finish (an error, "cancelled").
    public var failure: String?
    public var warnings: [String] = []

    public struct RoundAnswer: Sendable, Equatable, Codable {
        public var round: Int
        public var text: String
        public var extracted: String?

        public init(round: Int, text: String, extracted: String?) {
            (self.round, self.text, self.extracted) = (round, text, extracted)
        }
    }

    public struct AgentWork: Sendable, Equatable, Codable {
        public var name: String
        public var tokens = 0
        public var latentSteps = 0
        public var seconds = 0.0

        public init(name: String, tokens: Int = 0, latentSteps: Int = 0, seconds: Double = 0) {
            (self.name, self.tokens, self.latentSteps, self.seconds) = (name, tokens, latentSteps, seconds)
        }
    }

    public struct StageTime: Sendable, Equatable, Codable {
        public var agent: String
        public var round: Int
        public var kind: StageKind
        public var tokens: Int
        public var seconds: Double
    }

    public init() {}

    public init(events: some Sequence<MASEvent>) {
        for event in events { add(event) }
    }

    public var decodedTokens: Int { agents.reduce(0) { $0 + $1.tokens } }
    public var latentSteps: Int { agents.reduce(0) { $0 + $1.latentSteps } }

    public mutating func add(_ event: MASEvent) {
        switch event {
        case let .runStarted(style, _, _, _, _, question, method):
            self = RunSummary()
            (self.style, self.question, self.method) = (style, question, method)
        case let .stageStarted(agent, round, kind):
            stages.append(StageTime(agent: agent, round: round, kind: kind, tokens: 0, seconds: 0))
            work(agent) { _ in }
        case let .latentStep(agent, _, _, _):
            work(agent) { $0.latentSteps += 1 }
        case let .stageFinished(agent, round, tokens, seconds):
            if let index = stages.lastIndex(where: { $0.agent == agent && $0.round == round }) {
                stages[index].tokens = tokens
                stages[index].seconds = seconds
            }
            work(agent) { $0.tokens += tokens; $0.seconds += seconds }
        case let .answer(text, extracted, round, isFinal):
            if isFinal {
                (answer, self.extracted) = (text, extracted)
            } else if let round {
                roundAnswers.append(RoundAnswer(round: round, text: text, extracted: extracted))
            }
        case let .runFinished(seconds, _):
            self.seconds = seconds
        case let .error(_, message):
            failure = message
        case let .warning(agent, message):
            warnings.append(agent.map { "\($0): \(message)" } ?? message)
        case .roundStarted, .hop, .token, .toolCall, .toolResult, .roundFinished, .paused, .resumed:
            break
        }
    }

    private mutating func work(_ agent: String, _ change: (inout AgentWork) -> Void) {
        if let index = agents.firstIndex(where: { $0.name == agent }) {
            change(&agents[index])
        } else {
            var work = AgentWork(name: agent)
            change(&work)
            agents.append(work)
        }
    }
}

/// Runs of one question by several methods, side by side.
public struct MethodComparison: Sendable, Equatable, Codable {
    public var runs: [RunSummary]

    public init(runs: [RunSummary]) {
        self.runs = runs
    }

    /// Whether every finished run extracted the same answer (nil with fewer than two extracted answers).
    public var agree: Bool? {
        let answers = runs.compactMap(\.extracted)
        guard answers.count >= 2 else { return nil }
        return answers.allSatisfy { Self.sameAnswer($0, answers[0]) }
    }

    /// How much less `method` spent than `baseline`, as fractions of the baseline's decoded tokens and
    /// seconds (0.4: 40 % less); nil when either is missing or the baseline spent nothing.
    public func saving(of method: RunMethod, against baseline: RunMethod) -> (tokens: Double?, seconds: Double?)? {
        guard let run = runs.first(where: { $0.method == method }), let base = runs.first(where: { $0.method == baseline })
        else { return nil }
        let tokens = base.decodedTokens > 0 ? 1 - Double(run.decodedTokens) / Double(base.decodedTokens) : nil
        let seconds = (run.seconds, base.seconds)
        let time: Double? = if let a = seconds.0, let b = seconds.1, b > 0 { 1 - a / b } else { nil }
        return (tokens, time)
    }

    /// Extracted answers agree when they differ only in white space and case.
    public static func sameAnswer(_ a: String, _ b: String) -> Bool {
        a.filter { !$0.isWhitespace }.lowercased() == b.filter { !$0.isWhitespace }.lowercased()
    }
}
