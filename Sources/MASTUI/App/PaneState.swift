import MASKit

/// What an agent is doing, as its pane title shows it.
enum AgentActivity: Equatable, Sendable {
    case waiting
    case thinking(kind: StageKind, step: Int, of: Int)
    case decoding
    case done
    case failed(String)
}

/// Where a pane's text is scrolled to: following new tokens, or pinned at a wrapped row.
enum ScrollPosition: Equatable, Sendable {
    case tail
    case top(Int)
}

/// One agent's pane: its decoded text, its latest latent rollout, and its scroll position.
struct PaneState: Equatable, Sendable {
    var agent: AgentInfo
    var activity: AgentActivity = .waiting
    /// The decoded text split at newlines; the last line is still growing.
    var lines: [String] = [""]
    var stageTokens = 0
    var stageStarted: Double?
    var lastTokenTime: Double?
    /// Hidden-state norms of the latest latent stage, one per step.
    var latentNorms: [Float] = []
    var scroll: ScrollPosition = .tail

    init(agent: AgentInfo) {
        self.agent = agent
    }

    var hasText: Bool { lines.count > 1 || !lines[0].isEmpty }

    /// Decoding speed over the current stage, from event timestamps (so replays show the original).
    var tokensPerSecond: Double? {
        guard let start = stageStarted, let last = lastTokenTime, last > start, stageTokens > 1 else { return nil }
        return Double(stageTokens) / (last - start)
    }

    mutating func append(_ text: String) {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines[lines.count - 1] += parts.removeFirst()
        lines += parts.map(String.init)
    }

    /// Starts a fresh line (unless the current one is empty) and writes `text` on it.
    mutating func appendLine(_ text: String) {
        if !lines[lines.count - 1].isEmpty { lines.append("") }
        lines[lines.count - 1] = text
        lines.append("")
    }
}
