/// Limits of the tool-call protocol per answer (the reference's `max_tool_rounds` and
/// `result_max_chars`).
public struct ToolLimits: Sendable, Equatable {
    /// Calls executed per answer; the next call is refused and ends the answer.
    public var maxCallsPerAnswer: Int
    /// Characters of a result the model sees; longer results are cut and marked.
    public var resultMaxCharacters: Int

    public init(maxCallsPerAnswer: Int = 5, resultMaxCharacters: Int = 6_000) {
        self.maxCallsPerAnswer = maxCallsPerAnswer
        self.resultMaxCharacters = resultMaxCharacters
    }
}
