import Foundation
import MASKit

/// The text a run reads as where there is no screen to draw on — `mastui run --plain`, `mastui replay`,
/// a `mastui tui` whose output is not a terminal: tokens stream inline after an `[agent]` prefix, other
/// events get a line each, each round's hops a table, and each round's answer the change from the
/// previous round's.
public struct RunTranscript {
    private var streamingAgent: String?
    /// The streamed text so far does not end with a line break.
    private var lineOpen = false
    private var hops: [(link: String, from: String, to: String, perStep: [HopStep], receiver: Float)] = []
    /// The previous answer of this run and its round.
    private var previousAnswer: (round: Int, text: String)?

    public init() {}

    public mutating func text(for envelope: MASEventEnvelope) -> String {
        switch envelope.event {
        case let .token(agent, _, text, _, _):
            return tokenText(agent: agent, text: text)
        case let .hop(link, from, to, _, perStep, receiver, peek):
            hops.append((link, from, to, perStep, receiver))
            return finish() + (peek.map { Self.peekLine(link: link, to: to, peek: $0) } ?? "")
        case let .roundFinished(round, seconds):
            let table = hopTable(round: round)
            hops.removeAll()
            return finish() + table + String(format: "round %d done in %.2f s\n", round, seconds)
        case let .answer(text, extracted, round, isFinal):
            let lines = answerLines(text: text, extracted: extracted, round: round, isFinal: isFinal)
            if let round { previousAnswer = (round, text) }
            return finish() + lines
        default:
            if case .runStarted = envelope.event { previousAnswer = nil }
            return finish() + (line(for: envelope.event).map { $0 + "\n" } ?? "")
        }
    }

    /// Ends a token stream that is still open: a line break unless its text ended with one.
    public mutating func finish() -> String {
        defer { streamingAgent = nil; lineOpen = false }
        return streamingAgent != nil && lineOpen ? "\n" : ""
    }

    private mutating func tokenText(agent: String, text: String) -> String {
        var piece = Substring(text)
        var prefix = ""
        if streamingAgent != agent {
            // A stream starts at its first visible text: the line breaks before it (decoding often goes
            // on with one after a tool result) would leave an empty `[agent] ` line.
            guard let visible = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
            piece = text[(text[..<visible].lastIndex(where: \.isNewline).map(text.index(after:)) ?? text.startIndex)...]
            prefix = finish() + "[\(agent)] "
            streamingAgent = agent
        }
        lineOpen = piece.last.map { !$0.isNewline } ?? lineOpen
        return prefix + piece
    }

    private func line(for event: MASEvent) -> String? {
        switch event {
        case let .runStarted(style, agents, _, rounds, latentSteps, question, method):
            let schedule = method == .single ? "one agent alone"
                : "\(rounds) rounds" + (method == .latent ? " × \(latentSteps) latent steps" : " in text")
            return "run \(style) (\(method.rawValue)): \(agents.map(\.name).joined(separator: " → ")), \(schedule)\nQ: \(question)"
        case let .roundStarted(round): return "== round \(round) =="
        case let .stageStarted(agent, _, kind): return "[\(agent)] \(kind.rawValue)"
        case let .toolCall(_, agent, tool, arguments): return "[\(agent)] calls \(tool): \(arguments)"
        case let .toolResult(_, status, output, seconds):
            return "tool \(status.rawValue) in \(String(format: "%.1f", seconds)) s: \(output)"
        case let .stageFinished(agent, _, tokens, seconds):
            return "[\(agent)] done in \(String(format: "%.2f", seconds)) s" + (tokens > 0 ? ", \(tokens) tokens" : "")
        case let .runFinished(seconds, stats):
            return "finished in \(String(format: "%.1f", seconds)) s: \(stats.decodedTokens) tokens, \(stats.latentSteps) latent steps, \(stats.toolCalls) tool calls"
        case let .error(agent, message): return "error" + (agent.map { " [\($0)]" } ?? "") + ": " + message
        case let .warning(agent, message): return "warning" + (agent.map { " [\($0)]" } ?? "") + ": " + message
        case let .paused(at): return "paused before " + (at.agent ?? "round \(at.round)")
        case .resumed: return "resumed"
        case .latentStep, .hop, .token, .roundFinished, .answer: return nil
        }
    }

    /// `answer: 42` for the run's answer, `answer of round 2: 42` for another round's; then, when an
    /// earlier round answered, what changed.
    private func answerLines(text: String, extracted: String?, round: Int?, isFinal: Bool) -> String {
        let label = isFinal ? "answer" : "answer of round \(round.map(String.init) ?? "?")"
        var lines = "\(label): \(extracted ?? text)\n"
        if let previousAnswer, previousAnswer.round != round {
            let change = AnswerChange(from: previousAnswer.text, to: text)
            lines += change.isUnchanged ? "  unchanged since round \(previousAnswer.round)\n"
                : "  changes since round \(previousAnswer.round) (\(change.removedWords) words out, \(change.addedWords) in): "
                    + Self.clipped(change.marked(), to: Self.changeWidth) + "\n"
        }
        return lines
    }

    /// Characters of a marked answer change the transcript shows.
    static let changeWidth = 400

    private static func clipped(_ text: String, to limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// Per hop: mean [min–max] over the latent steps of the norms, and the mean collapse signals.
    private func hopTable(round: Int) -> String {
        guard !hops.isEmpty else { return "" }
        let steps = hops.map(\.perStep.count).max() ?? 0
        var rows = [["link", "from → to", "raw", "after inner", "after outer", "receiver emb", "cos step", "cos round"]]
        for hop in hops {
            rows.append([hop.link, "\(hop.from) → \(hop.to)", Self.summary(hop.perStep.map(\.raw)),
                         Self.summary(hop.perStep.map(\.afterInner)), Self.summary(hop.perStep.map(\.afterOuter)),
                         Formatting.norm(hop.receiver), Self.mean(hop.perStep.compactMap(\.stepCosine)),
                         Self.mean(hop.perStep.compactMap(\.roundCosine))])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = "hops of round \(round): L2 norms, mean [min–max] over \(steps) latent steps; cos: mean cosine of each handed-off latent with the step before and with the previous round's\n"
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            text += "  " + cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        return text
    }

    /// `peek outer_12 → critic: 1 "plan" · 2 " step" · …`: the nearest receiver token of each latent.
    private static func peekLine(link: String, to: String, peek: [[NearestToken]]) -> String {
        let steps = peek.enumerated().map { step, tokens in
            "\(step + 1) " + (tokens.first.map { "\($0.text.debugDescription)" } ?? "-")
        }
        return "peek \(link) → \(to): " + steps.joined(separator: " · ") + "\n"
    }

    private static func summary(_ values: [Float]) -> String {
        guard let low = values.min(), let high = values.max() else { return "-" }
        let mean = values.reduce(0, +) / Float(values.count)
        return "\(Formatting.norm(mean)) [\(Formatting.norm(low))–\(Formatting.norm(high))]"
    }

    private static func mean(_ values: [Float]) -> String {
        values.isEmpty ? "-" : String(format: "%.3f", values.reduce(0, +) / Float(values.count))
    }
}
