/// A tool an agent can call. Implementations never throw: every failure is an outcome with a
/// status and a message the model can read.
public protocol Tool: Sendable {
    var name: ToolName { get }
    /// Runs one call. Cancelling the task stops the work and yields a `cancelled` outcome.
    func run(_ arguments: String) async -> ToolOutcome
}

/// What a tool call produced: its status and the text the model reads (before capping).
public struct ToolOutcome: Sendable, Equatable {
    public var status: ToolStatus
    public var output: String

    public init(status: ToolStatus, output: String) {
        self.status = status
        self.output = output
    }
}
