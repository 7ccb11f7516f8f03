/// One call an agent wrote: `<python> CODE </python>` or `<search> QUERY </search>`, with the
/// arguments whitespace-stripped.
public struct ToolCall: Sendable, Equatable {
    public var tool: ToolName
    public var arguments: String

    public init(tool: ToolName, arguments: String) {
        self.tool = tool
        self.arguments = arguments
    }
}
