/// An event encodes as one flat JSON object: `"type"` names the case and the associated values
/// sit beside it under their labels, so a trace line reads like `{"type":"token","agent":…}`.
/// Optional values that are nil are left out.
extension MASEvent: Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case runStarted, roundStarted, stageStarted, latentStep, hop, token, toolCall, toolResult,
             stageFinished, roundFinished, answer, runFinished, error, warning, paused, resumed
    }

    public var kind: Kind {
        switch self {
        case .runStarted: .runStarted
        case .roundStarted: .roundStarted
        case .stageStarted: .stageStarted
        case .latentStep: .latentStep
        case .hop: .hop
        case .token: .token
        case .toolCall: .toolCall
        case .toolResult: .toolResult
        case .stageFinished: .stageFinished
        case .roundFinished: .roundFinished
        case .answer: .answer
        case .runFinished: .runFinished
        case .error: .error
        case .warning: .warning
        case .paused: .paused
        case .resumed: .resumed
        }
    }

    enum Field: String, CodingKey {
        case type, style, agents, links, rounds, latentSteps, question, round, agent, kind, step,
             hiddenNorm, link, from, to, perStep, receiverEmbeddingNorm, peek, text, tokenId,
             logprob, id, tool, arguments, status, output, seconds, tokens, extracted, stats,
             message, at, method, isFinal
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Field.self)
        try c.encode(kind, forKey: .type)
        switch self {
        case let .runStarted(style, agents, links, rounds, latentSteps, question, method):
            try c.encode(style, forKey: .style)
            try c.encode(agents, forKey: .agents)
            try c.encode(links, forKey: .links)
            try c.encode(rounds, forKey: .rounds)
            try c.encode(latentSteps, forKey: .latentSteps)
            try c.encode(question, forKey: .question)
            try c.encode(method, forKey: .method)
        case let .roundStarted(round):
            try c.encode(round, forKey: .round)
        case let .stageStarted(agent, round, kind):
            try c.encode(agent, forKey: .agent)
            try c.encode(round, forKey: .round)
            try c.encode(kind, forKey: .kind)
        case let .latentStep(agent, round, step, hiddenNorm):
            try c.encode(agent, forKey: .agent)
            try c.encode(round, forKey: .round)
            try c.encode(step, forKey: .step)
            try c.encode(hiddenNorm, forKey: .hiddenNorm)
        case let .hop(link, from, to, round, perStep, receiverEmbeddingNorm, peek):
            try c.encode(link, forKey: .link)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(round, forKey: .round)
            try c.encode(perStep, forKey: .perStep)
            try c.encode(receiverEmbeddingNorm, forKey: .receiverEmbeddingNorm)
            try c.encodeIfPresent(peek, forKey: .peek)
        case let .token(agent, round, text, tokenId, logprob):
            try c.encode(agent, forKey: .agent)
            try c.encode(round, forKey: .round)
            try c.encode(text, forKey: .text)
            try c.encode(tokenId, forKey: .tokenId)
            try c.encodeIfPresent(logprob, forKey: .logprob)
        case let .toolCall(id, agent, tool, arguments):
            try c.encode(id, forKey: .id)
            try c.encode(agent, forKey: .agent)
            try c.encode(tool, forKey: .tool)
            try c.encode(arguments, forKey: .arguments)
        case let .toolResult(id, status, output, seconds):
            try c.encode(id, forKey: .id)
            try c.encode(status, forKey: .status)
            try c.encode(output, forKey: .output)
            try c.encode(seconds, forKey: .seconds)
        case let .stageFinished(agent, round, tokens, seconds):
            try c.encode(agent, forKey: .agent)
            try c.encode(round, forKey: .round)
            try c.encode(tokens, forKey: .tokens)
            try c.encode(seconds, forKey: .seconds)
        case let .roundFinished(round, seconds):
            try c.encode(round, forKey: .round)
            try c.encode(seconds, forKey: .seconds)
        case let .answer(text, extracted, round, isFinal):
            try c.encode(text, forKey: .text)
            try c.encodeIfPresent(extracted, forKey: .extracted)
            try c.encodeIfPresent(round, forKey: .round)
            try c.encode(isFinal, forKey: .isFinal)
        case let .runFinished(seconds, stats):
            try c.encode(seconds, forKey: .seconds)
            try c.encode(stats, forKey: .stats)
        case let .error(agent, message), let .warning(agent, message):
            try c.encodeIfPresent(agent, forKey: .agent)
            try c.encode(message, forKey: .message)
        case let .paused(at):
            try c.encode(at, forKey: .at)
        case .resumed:
            break
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Field.self)
        switch try c.decode(Kind.self, forKey: .type) {
        case .runStarted:
            self = try .runStarted(
                style: c.decode(String.self, forKey: .style),
                agents: c.decode([AgentInfo].self, forKey: .agents),
                links: c.decode([LinkInfo].self, forKey: .links),
                rounds: c.decode(Int.self, forKey: .rounds),
                latentSteps: c.decode(Int.self, forKey: .latentSteps),
                question: c.decode(String.self, forKey: .question),
                method: c.decodeIfPresent(RunMethod.self, forKey: .method) ?? .latent)
        case .roundStarted:
            self = try .roundStarted(round: c.decode(Int.self, forKey: .round))
        case .stageStarted:
            self = try .stageStarted(
                agent: c.decode(String.self, forKey: .agent),
                round: c.decode(Int.self, forKey: .round),
                kind: c.decode(StageKind.self, forKey: .kind))
        case .latentStep:
            self = try .latentStep(
                agent: c.decode(String.self, forKey: .agent),
                round: c.decode(Int.self, forKey: .round),
                step: c.decode(Int.self, forKey: .step),
                hiddenNorm: c.decode(Float.self, forKey: .hiddenNorm))
        case .hop:
            self = try .hop(
                link: c.decode(String.self, forKey: .link),
                from: c.decode(String.self, forKey: .from),
                to: c.decode(String.self, forKey: .to),
                round: c.decode(Int.self, forKey: .round),
                perStep: c.decode([HopStep].self, forKey: .perStep),
                receiverEmbeddingNorm: c.decode(Float.self, forKey: .receiverEmbeddingNorm),
                peek: c.decodeIfPresent([[NearestToken]].self, forKey: .peek))
        case .token:
            self = try .token(
                agent: c.decode(String.self, forKey: .agent),
                round: c.decode(Int.self, forKey: .round),
                text: c.decode(String.self, forKey: .text),
                tokenId: c.decode(Int.self, forKey: .tokenId),
                logprob: c.decodeIfPresent(Float.self, forKey: .logprob))
        case .toolCall:
            self = try .toolCall(
                id: c.decode(String.self, forKey: .id),
                agent: c.decode(String.self, forKey: .agent),
                tool: c.decode(String.self, forKey: .tool),
                arguments: c.decode(String.self, forKey: .arguments))
        case .toolResult:
            self = try .toolResult(
                id: c.decode(String.self, forKey: .id),
                status: c.decode(ToolStatus.self, forKey: .status),
                output: c.decode(String.self, forKey: .output),
                seconds: c.decode(Double.self, forKey: .seconds))
        case .stageFinished:
            self = try .stageFinished(
                agent: c.decode(String.self, forKey: .agent),
                round: c.decode(Int.self, forKey: .round),
                tokens: c.decode(Int.self, forKey: .tokens),
                seconds: c.decode(Double.self, forKey: .seconds))
        case .roundFinished:
            self = try .roundFinished(
                round: c.decode(Int.self, forKey: .round),
                seconds: c.decode(Double.self, forKey: .seconds))
        case .answer:
            self = try .answer(
                text: c.decode(String.self, forKey: .text),
                extracted: c.decodeIfPresent(String.self, forKey: .extracted),
                round: c.decodeIfPresent(Int.self, forKey: .round),
                isFinal: c.decodeIfPresent(Bool.self, forKey: .isFinal) ?? true)
        case .runFinished:
            self = try .runFinished(
                seconds: c.decode(Double.self, forKey: .seconds),
                stats: c.decode(RunStats.self, forKey: .stats))
        case .error:
            let agent = try c.decodeIfPresent(String.self, forKey: .agent)
            let message = try c.decode(String.self, forKey: .message)
            // Schema 1 sent warnings as errors whose message starts "warning: ".
            if let warning = message.removingPrefix(Self.legacyWarningPrefix) {
                self = .warning(agent: agent, message: warning)
            } else {
                self = .error(agent: agent, message: message)
            }
        case .warning:
            self = try .warning(
                agent: c.decodeIfPresent(String.self, forKey: .agent),
                message: c.decode(String.self, forKey: .message))
        case .paused:
            self = try .paused(at: c.decode(PausePoint.self, forKey: .at))
        case .resumed:
            self = .resumed
        }
    }

    private static let legacyWarningPrefix = "warning: "
}

private extension String {
    func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
