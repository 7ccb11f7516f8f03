import Foundation

/// Tests/Fixtures/tools/tool_protocol.json, made by scripts/reference/tool_fixtures.py.
struct ToolFixture: Decodable {
    struct Call: Decodable, Equatable {
        let tool: String
        let arguments: String
    }

    struct Detection: Decodable {
        let pieces: [String]
        let calls: [Call]
        let text: String
        let unclosed: Bool
    }

    struct Truncation: Decodable {
        let text: String
        let max: Int
        let expected: String
    }

    struct PythonCase: Decodable {
        let code: String
        let expected: String
    }

    struct Search: Decodable {
        let query: String
        let expected: String
        let emptyExpected: String

        enum CodingKeys: String, CodingKey {
            case query, expected
            case emptyExpected = "empty_expected"
        }
    }

    struct BM25: Decodable {
        struct Query: Decodable {
            let query: String
            let terms: [String]
            let scores: [Double]
        }

        let documents: [String]
        let terms: [[String]]
        let queries: [Query]
    }

    let detection: [Detection]
    let truncation: [Truncation]
    let python: [PythonCase]
    let search: Search
    let bm25: BM25

    static let url = TestSupport.fixture("tools/tool_protocol.json")

    static func load() throws -> ToolFixture {
        try JSONDecoder().decode(ToolFixture.self, from: Data(contentsOf: url))
    }

    /// The Tavily-style reply the search fixture was formatted from, as served to the tool.
    static func searchReplyJSON() throws -> String {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let reply = (root?["search"] as? [String: Any])?["reply"] ?? [:]
        return String(decoding: try JSONSerialization.data(withJSONObject: reply), as: UTF8.self)
    }
}
