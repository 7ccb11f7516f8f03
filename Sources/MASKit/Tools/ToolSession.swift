/// The tool-call protocol for one agent's answer, driven by the runner's decode loop:
///
/// ```
/// var session = ToolSession(agent: "toolcaller", allowedTools: [.python, .search],
///                           registry: registry, callIDPrefix: "r3-toolcaller-", emit: send)
/// for each decoded piece {
///     if let call = session.feed(piece) {          // closing tag complete: stop decoding here
///         let turn = await session.perform(call)   // emits toolCall + toolResult
///         if turn.endsAnswer { break }
///         prefill(turn.resultText)                  // " <result> … </result>", then decode on
///     }
/// }
/// let answer = session.text   // the reference strips surrounding white space
/// ```
public struct ToolSession: Sendable {
    public let agent: String
    public let allowedTools: Set<ToolName>
    public let registry: ToolRegistry
    public let limits: ToolLimits
    private let callIDPrefix: String
    private let emit: @Sendable (MASEvent) -> Void
    private var scanner = ToolCallScanner()
    /// Calls found so far in this answer, refused ones included.
    public private(set) var callCount = 0

    /// - Parameters:
    ///   - callIDPrefix: makes call ids unique within a run; ids are the prefix and 1, 2, 3…
    ///   - emit: receives each call's `toolCall` and `toolResult` events, in order.
    public init(agent: String, allowedTools: Set<ToolName>, registry: ToolRegistry,
                limits: ToolLimits = ToolLimits(), callIDPrefix: String,
                emit: @escaping @Sendable (MASEvent) -> Void) {
        self.agent = agent
        self.allowedTools = allowedTools
        self.registry = registry
        self.limits = limits
        self.callIDPrefix = callIDPrefix
        self.emit = emit
    }

    /// The answer so far: the decoded text cut after each call, with each call's result.
    public var text: String { scanner.text }
    /// True while the model is inside an opened but unclosed call.
    public var hasUnclosedCall: Bool { scanner.hasUnclosedCall }
    /// Text decoded after the last call's closing tag in the same piece, left out of `text`.
    public var droppedText: String { scanner.droppedText }

    /// Adds one decoded piece; returns a call when this piece completed its closing tag.
    /// The caller then stops decoding and calls `perform`.
    public mutating func feed(_ piece: String) -> ToolCall? {
        scanner.feed(piece)
    }

    /// Runs the call `feed` returned (or refuses it), emits its events, and appends its result
    /// to `text`.
    public mutating func perform(_ call: ToolCall) async -> ToolTurn {
        callCount += 1
        let id = "\(callIDPrefix)\(callCount)"
        emit(.toolCall(id: id, agent: agent, tool: call.tool.rawValue, arguments: registry.redacted(call.arguments)))
        let started = ContinuousClock.now
        let outcome: ToolOutcome
        let endsAnswer: Bool
        if callCount > limits.maxCallsPerAnswer {
            outcome = ToolOutcome(status: .refused,
                                  output: "[tool limit reached after \(limits.maxCallsPerAnswer) calls]")
            endsAnswer = true
        } else {
            outcome = await run(call)
            endsAnswer = false
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        emit(.toolResult(id: id, status: outcome.status, output: outcome.output, seconds: seconds))
        let resultText = ToolResultText.wrapped(outcome.output)
        scanner.appendResult(resultText)
        return ToolTurn(resultText: resultText, status: outcome.status, endsAnswer: endsAnswer)
    }

    private func run(_ call: ToolCall) async -> ToolOutcome {
        guard allowedTools.contains(call.tool) else {
            return ToolOutcome(status: .refused, output: "[tool refused] \(call.tool) is not enabled for \(agent).")
        }
        guard let tool = registry.tool(call.tool) else {
            return ToolOutcome(status: .refused, output: "[tool refused] no \(call.tool) tool in this run.")
        }
        let outcome = await tool.run(call.arguments)
        let output = registry.redacted(outcome.output)
        return ToolOutcome(status: outcome.status,
                           output: ToolResultText.capped(output, maxCharacters: limits.resultMaxCharacters))
    }
}

/// What happened to one call, for the decode loop.
public struct ToolTurn: Sendable, Equatable {
    /// ` <result> … </result>`: already in the session's `text`; the model must read it next.
    public var resultText: String
    public var status: ToolStatus
    /// True when the call was over the limit: the answer ends here, as in the reference.
    public var endsAnswer: Bool

    public init(resultText: String, status: ToolStatus, endsAnswer: Bool) {
        self.resultText = resultText
        self.status = status
        self.endsAnswer = endsAnswer
    }
}
