import Foundation

/// A Tavily-compatible search API: POST `{"query", "search_depth"}` as JSON with the key as a
/// bearer token; the reply's `results` carry `title`, `url` and `content`.
struct WebSearch: Sendable {
    let endpoint: String
    let key: SearchAPIKey
    let searchDepth: String
    let client: HTTPClient

    func search(_ query: String, shown: Int) async -> ToolOutcome {
        guard Self.keepsTheKeyPrivate(endpoint) else {
            return failure("InsecureURL", "the API key is sent only over https (or to this machine); \(endpoint) is neither")
        }
        let body = (try? JSONSerialization.data(withJSONObject: ["query": query, "search_depth": searchDepth],
                                                options: [.sortedKeys])) ?? Data()
        let request = HTTPRequest(url: endpoint,
                                  headers: ["Content-Type": "application/json", "Authorization": "Bearer \(key.value)"],
                                  body: Array(body))
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch .cancelled {
            return ToolOutcome(status: .cancelled, output: "[search error] Cancelled: the run was cancelled.")
        } catch .timedOut(let seconds) {
            return failure(status: .timeout, "Timeout", "no complete reply within \(seconds) s")
        } catch {
            return failure("ConnectionError", error.description)
        }
        guard (200..<300).contains(response.status) else {
            let snippet = SearchResultText.collapsed(String(decoding: response.body.prefix(200), as: UTF8.self))
            return failure("HTTPError", "HTTP \(response.status)" + (snippet.isEmpty ? "" : ": \(snippet)"))
        }
        guard let reply = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            return failure("InvalidReply", "the reply is not a JSON object")
        }
        let items = reply["results"] as? [Any] ?? []
        var hits: [SearchHit] = []
        for item in items {
            guard let fields = item as? [String: Any] else {
                return failure("InvalidReply", "a result is not a JSON object")
            }
            hits.append(SearchHit(title: Self.string(fields["title"]), url: Self.string(fields["url"]),
                                  content: Self.string(fields["content"])))
        }
        return ToolOutcome(status: .ok, output: key.redact(SearchResultText.text(query: query, hits: hits, shown: shown)))
    }

    /// Whether a bearer token sent to `endpoint` stays between us and the service: https, or plain http to a
    /// loopback address (a local test server).
    static func keepsTheKeyPrivate(_ endpoint: String) -> Bool {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased() else { return false }
        if scheme == "https" { return true }
        return scheme == "http" && ["localhost", "127.0.0.1", "::1", "[::1]"].contains(url.host?.lowercased() ?? "")
    }

    private func failure(status: ToolStatus = .error, _ kind: String, _ message: String) -> ToolOutcome {
        ToolOutcome(status: status, output: key.redact("[search error] \(kind): \(message)"))
    }

    /// A JSON field as text: strings as they are, numbers and booleans printed, else empty.
    private static func string(_ value: Any?) -> String {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: ""
        }
    }
}
