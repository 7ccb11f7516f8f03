/// The tool implementations a run offers, by name. Which of them an agent may use is a separate
/// value (`Set<ToolName>`, set by the style file) given to that agent's `ToolSession`.
public struct ToolRegistry: Sendable {
    private let tools: [ToolName: any Tool]
    private let secrets: [String]

    public init(_ tools: [any Tool]) {
        self.tools = Dictionary(tools.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        secrets = tools.flatMap { ($0 as? HoldsSecrets)?.secrets ?? [] }.filter { !$0.isEmpty }
    }

    /// The registry with the python tool and the search tool.
    public static func standard(python: PythonToolSettings = .init(),
                                search: SearchToolSettings = .init()) -> ToolRegistry {
        ToolRegistry([PythonTool(settings: python), SearchTool(settings: search)])
    }

    public var names: [ToolName] { ToolName.allCases.filter { tools[$0] != nil } }

    public func tool(_ name: ToolName) -> (any Tool)? { tools[name] }

    /// `text` with every secret a tool holds (the search API key) replaced by `[redacted]`:
    /// sandboxed code can read a `.env` file, so no tool's output is trusted to be free of it.
    public func redacted(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "[redacted]") }
    }
}
