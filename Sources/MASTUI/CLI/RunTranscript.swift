import Foundation
import MASKit

/// The text `mastui run --plain` and `mastui replay` print: agent-prefixed tokens and one line per
/// other event (as `PlainEventPrinter`), warnings as such, and at the end of each round a table of
/// that round's hops instead of one line per hop.
public struct RunTranscript {
    private var printer = PlainEventPrinter()
    private var hops: [(link: String, from: String, to: String, perStep: [HopNorms], receiver: Float)] = []

    public init() {}

    public mutating func text(for envelope: MASEventEnvelope) -> String {
        switch envelope.event {
        case let .hop(link, from, to, _, perStep, receiver, peek):
            hops.append((link, from, to, perStep, receiver))
            return peek.map { Self.peekLine(link: link, to: to, peek: $0) } ?? ""
        case let .error(nil, message) where message.hasPrefix("warning:"):
            return printer.finish() + message + "\n"
        case let .roundFinished(round, seconds):
            let table = hopTable(round: round)
            hops.removeAll()
            return printer.text(for: envelope) + table + String(format: "round %d done in %.2f s\n", round, seconds)
        default:
            return printer.text(for: envelope)
        }
    }

    public mutating func finish() -> String { printer.finish() }

    /// Norms per hop: mean [min–max] over the latent steps.
    private func hopTable(round: Int) -> String {
        guard !hops.isEmpty else { return "" }
        let steps = hops.map(\.perStep.count).max() ?? 0
        var rows = [["link", "from → to", "raw", "after inner", "after outer", "receiver emb"]]
        for hop in hops {
            rows.append([hop.link, "\(hop.from) → \(hop.to)", Self.summary(hop.perStep.map(\.raw)),
                         Self.summary(hop.perStep.map(\.afterInner)), Self.summary(hop.perStep.map(\.afterOuter)),
                         Formatting.norm(hop.receiver)])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = "hops of round \(round): L2 norms, mean [min–max] over \(steps) latent steps\n"
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
}
