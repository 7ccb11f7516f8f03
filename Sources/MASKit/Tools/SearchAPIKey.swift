import Foundation

/// The search API's key. It prints as `[redacted]`, and everything the search tool returns has
/// it masked, so it never reaches events, traces or logs.
public struct SearchAPIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    /// nil for an empty value or the placeholder `xxx`, which the reference treats as missing.
    public init?(_ value: String) {
        let trimmed = value.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed != "xxx" else { return nil }
        self.value = trimmed
    }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }

    /// The environment variable named `TAVILY_API_KEY`, else such a line in `envFile`
    /// (`KEY=value`, `#` comments, quotes around the value stripped), as the reference reads it.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment,
                            envFile: String = ".env") -> SearchAPIKey? {
        if let key = environment["TAVILY_API_KEY"].flatMap(SearchAPIKey.init) { return key }
        guard let contents = try? String(contentsOfFile: envFile, encoding: .utf8) else { return nil }
        for line in contents.split(whereSeparator: \.isNewline) {
            let line = String(line).trimmingWhitespace
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            guard String(line[..<equals]).trimmingWhitespace == "TAVILY_API_KEY" else { continue }
            let value = String(line[line.index(after: equals)...]).trimmingWhitespace
            if let key = SearchAPIKey(String(value.trimmingPrefixAndSuffix(of: "'\""))) { return key }
        }
        return nil
    }

    /// `text` with every occurrence of the key replaced by `[redacted]`.
    func redact(_ text: String) -> String {
        text.replacingOccurrences(of: value, with: "[redacted]")
    }
}

private extension String {
    /// The string without any of `characters` at either end (Python's `str.strip(chars)`).
    func trimmingPrefixAndSuffix(of characters: String) -> Substring {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }),
              let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return self[first...last]
    }
}
