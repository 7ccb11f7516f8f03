/// One search result as the model sees it.
struct SearchHit: Sendable, Equatable {
    var title: String
    var url: String
    var content: String
}

/// The reference's search result text: `Query: q`, `Results:`, then per shown result `[i] title`,
/// `URL: url` and the content with white space collapsed, cut to 320 characters plus ` ...`.
enum SearchResultText {
    static let contentCharacters = 320

    static func text(query: String, hits: [SearchHit], shown: Int, note: String? = nil) -> String {
        var lines = ["Query: \(query)"]
        if let note { lines.append(note) }
        if !hits.isEmpty { lines.append("Results:") }
        for (number, hit) in zip(1..., hits.prefix(shown)) {
            lines.append("[\(number)] \(hit.title.trimmingWhitespace)")
            let url = hit.url.trimmingWhitespace
            if !url.isEmpty { lines.append("URL: \(url)") }
            let content = collapsed(hit.content)
            if !content.isEmpty { lines.append(cut(content)) }
        }
        if hits.isEmpty { lines.append("[no search results]") }
        return lines.joined(separator: "\n")
    }

    /// White-space runs as single spaces, trimmed (the reference's `compact_whitespace`).
    static func collapsed(_ text: String) -> String {
        text.unicodeScalars.split(whereSeparator: \.properties.isWhitespace)
            .map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }

    private static func cut(_ content: String) -> String {
        let scalars = content.unicodeScalars
        guard scalars.count > contentCharacters else { return content }
        return String(String.UnicodeScalarView(scalars.prefix(contentCharacters))).trimmingTrailingWhitespace + " ..."
    }
}
