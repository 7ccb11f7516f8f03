import Foundation
import MASKit

/// The words for a style's readiness, shared by `mastui styles` and the style picker.
enum ReadinessText {
    /// "ready", or in short why the style cannot run (the agent lines say which and what to do).
    static func verdict(_ readiness: StyleReadiness) -> String {
        guard !readiness.canRun else { return "ready" }
        let missing = readiness.agents.filter { $0.location == nil }.count
        let unsupported = readiness.agents.filter { $0.supported == false }.map(\.name)
        let unreadable = readiness.agents.filter { $0.location != nil && $0.supported == nil }.map(\.name)
        var reasons: [String] = []
        if missing > 0 { reasons.append(missing == 1 ? "a checkpoint is missing" : "\(missing) checkpoints are missing") }
        if readiness.outerLinks.map({ $0.location == nil }) == true { reasons.append("the outer links are missing") }
        if !unsupported.isEmpty { reasons.append("unsupported: " + unsupported.joined(separator: ", ")) }
        if !unreadable.isEmpty { reasons.append("unreadable: " + unreadable.joined(separator: ", ")) }
        return "cannot run: " + reasons.joined(separator: "; ")
    }

    /// "qwen3_5_text · 4.0B · H 2560".
    static func model(_ agent: StyleReadiness.Agent) -> String {
        [agent.architecture ?? "architecture unknown", agent.parameters.map(ModelTable.formatCount),
         agent.hiddenSize.map { "H \($0)" }].compactMap { $0 }.joined(separator: " · ")
    }

    /// Where the checkpoint is, or that it is missing or unsupported and what to do.
    static func status(_ agent: StyleReadiness.Agent) -> String {
        if let location = agent.location {
            return agent.problem.map { "\($0) (\(location))" } ?? location
        }
        if agent.supported == false { return "missing, and its architecture is not supported" }
        return "missing: " + (agent.fetchCommand ?? "")
    }

    static func outerLinks(_ repository: StyleReadiness.Repository) -> String {
        repository.location ?? "missing: " + (repository.fetchCommand ?? "")
    }

    /// "≈ 8.2 GB of weights" (estimated from declared sizes while checkpoints are missing).
    static func memory(_ readiness: StyleReadiness) -> String {
        guard let bytes = readiness.weightBytes else { return "memory unknown (a checkpoint's size is not known)" }
        let estimated = readiness.agents.contains { $0.location == nil } ? " (bf16 estimate for the missing checkpoints)" : ""
        let size = bytes < 1_000_000_000 ? String(format: "%.0f MB", Double(bytes) / 1e6) : String(format: "%.1f GB", Double(bytes) / 1e9)
        return "≈ \(size) of weights" + estimated
    }
}
