import Foundation
import MASKit

/// `mastui run --compare`'s closing table: one row per method (answer, agreement with the first method,
/// tokens per agent and in all, latent steps, seconds), each method's stage times, and what the latent
/// method saved against text.
struct ComparisonTable {
    let comparison: MethodComparison

    init(_ comparison: MethodComparison) {
        self.comparison = comparison
    }

    var text: String {
        guard let reference = comparison.runs.first else { return "" }
        var rows = [["method", "answer", "agrees with \(reference.method.rawValue)", "tokens", "by agent", "latent steps", "seconds"]]
        for (index, run) in comparison.runs.enumerated() {
            let agrees: String = if index == 0 { "-" }
                else if let a = run.extracted, let b = reference.extracted { MethodComparison.sameAnswer(a, b) ? "yes" : "no" } else { "?" }
            rows.append([run.method.rawValue, run.failure.map { "failed: \($0)" } ?? Self.short(run.extracted ?? run.answer ?? "-"),
                         agrees, "\(run.decodedTokens)",
                         run.agents.filter { $0.tokens > 0 }.map { "\($0.name) \($0.tokens)" }.joined(separator: " · "),
                         "\(run.latentSteps)", run.seconds.map { String(format: "%.1f", $0) } ?? "-"])
        }
        let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = "\ncomparison on the same question and seed:\n"
        for row in rows {
            text += "  " + row.enumerated().map { column, cell in
                cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        for run in comparison.runs where !run.stages.isEmpty {
            text += "  \(run.method.rawValue) stages: " + run.stages.map {
                "\($0.agent) r\($0.round) \($0.kind.rawValue) \(String(format: "%.2f", $0.seconds)) s"
            }.joined(separator: " · ") + "\n"
        }
        if let saving = comparison.saving(of: .latent, against: .text) {
            let parts = [saving.tokens.map { Self.percent($0, fewer: "fewer tokens", more: "more tokens") },
                         saving.seconds.map { Self.percent($0, fewer: "less time", more: "more time") }]
            text += "latent vs text: " + parts.compactMap { $0 }.joined(separator: ", ") + "\n"
        }
        return text
    }

    private static func percent(_ fraction: Double, fewer: String, more: String) -> String {
        String(format: "%.0f %% ", abs(fraction) * 100) + (fraction >= 0 ? fewer : more)
    }

    private static func short(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}
