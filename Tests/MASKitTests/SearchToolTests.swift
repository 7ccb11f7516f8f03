import Foundation
import MASKit
import Synchronization
import Testing

/// The search tool against a loopback HTTP server (real libcurl requests) and the offline corpus.
@Suite struct SearchToolTests {
    private static let keyText = "tvly-TEST-4f1c9a7e"
    private static let key = SearchAPIKey(keyText)!

    private func webTool(port: UInt16, totalTimeout: Double = 2, retries: Int = 1) -> SearchTool {
        SearchTool(settings: SearchToolSettings(baseURL: "http://127.0.0.1:\(port)", apiKey: Self.key,
                                                connectTimeout: 1, totalTimeout: totalTimeout, retries: retries))
    }

    @Test func formatsTheAPIReplyLikeTheReference() async throws {
        let fixture = try ToolFixture.load().search
        let server = try OneShotHTTPServer(body: try ToolFixture.searchReplyJSON(), contentType: "application/json")
        let outcome = await webTool(port: server.port).run(fixture.query)
        #expect(outcome == ToolOutcome(status: .ok, output: fixture.expected))

        let request = try #require(server.waitForRequests(1).first)
        #expect(request.hasPrefix("POST /search HTTP/1.1\r\n"))
        #expect(request.contains("\r\nAuthorization: Bearer \(Self.keyText)\r\n"))
        #expect(request.contains("\r\nContent-Type: application/json\r\n"))
        let body = try #require(request.components(separatedBy: "\r\n\r\n").last)
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String]
        #expect(json == ["query": fixture.query, "search_depth": "advanced"])
    }

    /// The key never travels in clear text: plain http is refused unless the server is on this machine.
    @Test func theKeyIsNotSentOverPlainHTTP() async throws {
        let tool = SearchTool(settings: SearchToolSettings(baseURL: "http://search.example.com", apiKey: Self.key))
        let outcome = await tool.run("secret")
        #expect(outcome.status == .error)
        #expect(outcome.output.contains("[search error] InsecureURL: the API key is sent only over https (or to this machine)"),
                "\(outcome.output)")
    }

    @Test func reportsNoResults() async throws {
        let fixture = try ToolFixture.load().search
        let server = try OneShotHTTPServer(body: #"{"results": []}"#, contentType: "application/json")
        #expect(await webTool(port: server.port).run("nothing") == ToolOutcome(status: .ok, output: fixture.emptyExpected))
    }

    @Test func aSlowReplyTimesOutAfterOneRetry() async throws {
        let server = try OneShotHTTPServer(body: #"{"results": []}"#, delay: 4, requests: 2)
        let start = ContinuousClock.now
        let outcome = await webTool(port: server.port, totalTimeout: 1).run("slow")
        let elapsed = ContinuousClock.now - start
        #expect(outcome == ToolOutcome(status: .timeout, output: "[search error] Timeout: no complete reply within 1.0 s"))
        #expect(elapsed < .seconds(3.5))
        #expect(server.requestsReceived.count == 2)
    }

    @Test func aMalformedBodyIsAnError() async throws {
        let server = try OneShotHTTPServer(body: #"{"results": [oops"#, contentType: "application/json")
        let outcome = await webTool(port: server.port).run("malformed")
        #expect(outcome == ToolOutcome(status: .error, output: "[search error] InvalidReply: the reply is not a JSON object"))
    }

    @Test func anHTTPErrorIsRetriedOnceAndNeverShowsTheKey() async throws {
        let body = "upstream failure for key \(Self.keyText)"
        let server = try OneShotHTTPServer(body: body, status: "502 Bad Gateway", requests: 2)
        let outcome = await webTool(port: server.port).run("failing")
        #expect(outcome == ToolOutcome(status: .error, output: "[search error] HTTPError: HTTP 502: upstream failure for key [redacted]"))
        #expect(server.waitForRequests(2).count == 2)
    }

    @Test func aRefusedConnectionIsAnError() async throws {
        let server = try OneShotHTTPServer(body: "")
        let port = server.port
        _ = await webTool(port: port).run("first takes the only connection")
        let outcome = await webTool(port: port, retries: 0).run("nobody listens now")
        #expect(outcome.status == .error)
        #expect(outcome.output.hasPrefix("[search error] ConnectionError: cannot connect"))
    }

    /// Through a tool session, as the runner uses it: the key is in no event and not in the text,
    /// even when the API echoes it or sandboxed code prints it.
    @Test func theKeyNeverReachesEventsOrTheAnswer() async throws {
        let reply = #"{"results": [{"title": "echo", "url": "https://x.test", "content": "your key is \#(Self.keyText)"}]}"#
        let server = try OneShotHTTPServer(body: reply, contentType: "application/json")
        let registry = ToolRegistry([webTool(port: server.port), PythonTool(settings: PythonToolSettings(timeout: 30))])
        let recorder = EventRecorder()
        var session = ToolSession(agent: "toolcaller", allowedTools: [.search, .python], registry: registry,
                                  callIDPrefix: "k-", emit: recorder.record)
        let split = Self.keyText.split(separator: "-").map { "'\($0)'" }.joined(separator: " + '-' + ")
        for text in ["<search>what is my key</search>", "<python>print(\(split))</python>"] {
            let call = session.feed(text)
            try #require(call != nil)
            if let call { _ = await session.perform(call) }
        }
        let events = recorder.events
        #expect(events.count == 4)
        for event in events {
            #expect(!"\(event)".contains(Self.keyText))
        }
        #expect(!session.text.contains(Self.keyText))
        #expect(session.text.contains("your key is [redacted]"))
        #expect(session.text.hasSuffix(" <result> [redacted] </result>"))
        #expect("\(Self.key)" == "[redacted]")
    }

    @Test func findsTheKeyInTheEnvironmentOrADotEnvFile() throws {
        #expect(SearchAPIKey.find(environment: ["TAVILY_API_KEY": " abc "], envFile: "/nonexistent") == SearchAPIKey("abc"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-env-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try "# keys\nOTHER=1\n TAVILY_API_KEY = \"tvly-from-file\" \n".write(to: file, atomically: true, encoding: .utf8)
        #expect(SearchAPIKey.find(environment: [:], envFile: file.path) == SearchAPIKey("tvly-from-file"))
        #expect(SearchAPIKey.find(environment: ["TAVILY_API_KEY": "xxx"], envFile: "/nonexistent") == nil)
        #expect(SearchAPIKey.find(environment: [:], envFile: "/nonexistent") == nil)
    }

    @Test func bm25ScoresMatchBM25S() throws {
        let fixture = try ToolFixture.load().bm25
        #expect(fixture.documents.map(BM25Index.terms(in:)) == fixture.terms)
        let index = BM25Index(documents: fixture.terms)
        for query in fixture.queries {
            #expect(BM25Index.terms(in: query.query) == query.terms)
            let scores = index.scores(for: query.terms)
            for (score, expected) in zip(scores, query.scores) {
                #expect(abs(score - expected) <= 1e-5 + 1e-5 * abs(expected), "\(query.query): \(scores) vs \(query.scores)")
            }
            let order = index.ranking(for: query.terms, limit: 8).map(\.document)
            let expectedOrder = query.scores.enumerated().filter { $0.element > 0 }
                .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }.map(\.offset)
            #expect(order == expectedOrder, "\(query.query)")
        }
    }

    @Test(arguments: [
        ("how far is the moon from the earth", "The Moon"),
        ("speed of light in vacuum metres per second", "Speed of light"),
        ("who described the double helix", "DNA"),
        ("golden ratio and rabbits", "Fibonacci sequence"),
    ])
    func searchesTheShippedCorpusOffline(query: String, title: String) async throws {
        let corpus = TestSupport.fixtures.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corpus").path
        let tool = SearchTool(settings: SearchToolSettings(apiKey: nil, corpusDirectory: corpus))
        #expect(tool.mode == .offline(corpus: corpus))
        let outcome = await tool.run(query)
        #expect(outcome.status == .ok)
        let lines = outcome.output.components(separatedBy: "\n")
        #expect(Array(lines.prefix(4)) == ["Query: \(query)", SearchTool.offlineNote, "Results:", "[1] \(title)"])
        #expect(lines.filter { $0.hasPrefix("[") && $0.dropFirst().first?.isNumber == true }.count <= 4)
    }

    @Test func anEmptyCorpusIsAnError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = await SearchTool(settings: SearchToolSettings(apiKey: nil, corpusDirectory: directory.path)).run("x")
        #expect(outcome.status == .error)
        #expect(outcome.output.hasPrefix("[search error] OfflineCorpus: search corpus \(directory.path) holds no .txt or .md file"))
    }
}

/// Collects the events a session emits.
final class EventRecorder: Sendable {
    private let stored = Mutex<[MASEvent]>([])
    var events: [MASEvent] { stored.withLock { $0 } }
    func record(_ event: MASEvent) { stored.withLock { $0.append(event) } }
}
