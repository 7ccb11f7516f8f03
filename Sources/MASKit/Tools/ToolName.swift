/// The tools an agent can call, by the tag it writes: `<python>…</python>`, `<search>…</search>`.
public enum ToolName: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case python
    case search

    public var description: String { rawValue }

    /// Parses a list such as a style file's `tools = ["python", "search"]`.
    public static func set(parsing names: [String]) throws(ToolNameError) -> Set<ToolName> {
        var tools = Set<ToolName>()
        for name in names {
            guard let tool = ToolName(rawValue: name.lowercased()) else { throw ToolNameError(name: name) }
            tools.insert(tool)
        }
        return tools
    }
}

public struct ToolNameError: Error, Equatable, CustomStringConvertible {
    public let name: String

    public var description: String {
        "unknown tool '\(name)' (known tools: \(ToolName.allCases.map(\.rawValue).joined(separator: ", ")))"
    }
}
