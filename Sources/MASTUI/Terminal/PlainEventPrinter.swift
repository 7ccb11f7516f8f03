import Foundation
import MASKit

/// Turns events into plain text for when there is no terminal to draw on (a pipe, a file):
/// tokens stream inline after an `[agent]` prefix, everything else gets a line of its own.
public struct PlainEventPrinter {
    private var streamingAgent: String?
    /// The streamed text so far does not end with a line break.
    private var lineOpen = false

    public init() {}

    public mutating func text(for envelope: MASEventEnvelope) -> String {
        if case let .token(agent, _, text, _, _) = envelope.event {
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
        let lineBreak = finish()
        guard let line = line(for: envelope.event) else { return lineBreak }
        return lineBreak + line + "\n"
    }

    /// Ends a token stream that is still open: a line break unless its text ended with one.
    public mutating func finish() -> String {
        defer { streamingAgent = nil; lineOpen = false }
        return streamingAgent != nil && lineOpen ? "\n" : ""
    }

    private func line(for event: MASEvent) -> String? {
        switch event {
        case let .runStarted(style, agents, _, rounds, latentSteps, question):
            return "run \(style): \(agents.map(\.name).joined(separator: " → ")), \(rounds) rounds × \(latentSteps) latent steps\nQ: \(question)"
        case let .roundStarted(round): return "== round \(round) =="
        case let .stageStarted(agent, _, kind): return "[\(agent)] \(kind.rawValue)"
        case .latentStep: return nil
        case let .hop(_, from, to, round, perStep, embedding, _):
            let mean = { (value: (HopNorms) -> Float) in
                Formatting.norm(perStep.isEmpty ? .nan : perStep.map(value).reduce(0, +) / Float(perStep.count))
            }
            return "hop \(from) → \(to) r\(round): raw \(mean(\.raw)) → inner \(mean(\.afterInner)) → outer \(mean(\.afterOuter)) (receiver embedding \(Formatting.norm(embedding)))"
        case .token: return nil
        case let .toolCall(_, agent, tool, arguments): return "[\(agent)] calls \(tool): \(arguments)"
        case let .toolResult(_, status, output, seconds):
            return "tool \(status.rawValue) in \(String(format: "%.1f", seconds)) s: \(output)"
        case let .stageFinished(agent, _, tokens, seconds):
            return "[\(agent)] done in \(String(format: "%.2f", seconds)) s" + (tokens > 0 ? ", \(tokens) tokens" : "")
        case .roundFinished: return nil
        case let .answer(text, extracted): return "answer: " + (extracted ?? text)
        case let .runFinished(seconds, stats):
            return "finished in \(String(format: "%.1f", seconds)) s: \(stats.decodedTokens) tokens, \(stats.latentSteps) latent steps, \(stats.toolCalls) tool calls"
        case let .error(agent, message): return "error" + (agent.map { " [\($0)]" } ?? "") + ": " + message
        case let .paused(at): return "paused before " + (at.agent ?? "round \(at.round)")
        case .resumed: return "resumed"
        }
    }
}
