import MASKit

/// What an agent is doing, as its pane title shows it.
public enum AgentActivity: Equatable, Sendable {
    case waiting
    case thinking(kind: StageKind, step: Int, of: Int)
    case decoding
    case done
    case failed(String)
}

/// Where a pane's text is scrolled to: following new tokens, or pinned at a wrapped row.
public enum ScrollPosition: Equatable, Sendable {
    case tail
    case top(Int)
}

/// One agent's pane: its decoded text, its latest latent rollout, and its scroll position.
public struct PaneState: Equatable, Sendable {
    public var agent: AgentInfo
    public var activity: AgentActivity = .waiting
    /// The decoded text split at newlines; the last line is still growing.
    public var lines: [String] = [""]
    public var stageTokens = 0
    public var stageStarted: Double?
    public var lastTokenTime: Double?
    /// Hidden-state norms of the latest latent stage, one per step.
    public var latentNorms: [Float] = []
    public var scroll: ScrollPosition = .tail

    public init(agent: AgentInfo) {
        self.agent = agent
    }

    public var hasText: Bool { lines.count > 1 || !lines[0].isEmpty }

    /// Decoding speed over the current stage, from event timestamps (so replays show the original).
    public var tokensPerSecond: Double? {
        guard let start = stageStarted, let last = lastTokenTime, last > start, stageTokens > 1 else { return nil }
        return Double(stageTokens) / (last - start)
    }

    public mutating func append(_ text: String) {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines[lines.count - 1] += parts.removeFirst()
        lines += parts.map(String.init)
    }

    /// Starts a fresh line (unless the current one is empty) and writes `text` on it.
    public mutating func appendLine(_ text: String) {
        if !lines[lines.count - 1].isEmpty { lines.append("") }
        lines[lines.count - 1] = text
        lines.append("")
    }
}
