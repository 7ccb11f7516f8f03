import Foundation
import MASKit
import Testing

/// A deliberation run on the real SmolLM2 (both agents, identity links, greedy) whose tool caller is
/// asked to echo a python call: the call runs during the final decode, its events come in order between
/// the agent's tokens, and the call over the style's limit is refused and ends the answer. Asked to echo
/// a search call, with the search API on a loopback server, the recorded trace holds the result but not
/// the API key.
@Suite("Runner with tools", .serialized)
struct RunnerToolTests {
    static func style(tool: String = "python", call: String = "<python>print(6*7)</python>") throws -> Style {
        let model = try TestSupport.model(.smolLM2).path
        return try Style(toml: """
            family = "deliberation"
            rounds = 1
            latent_steps = 2
            max_new_tokens = 40
            system_prompt = "Repeat the last line of the user message exactly."
            [sampling]
            temperature = 0.0
            [tools]
            max_calls = 1
            [answer_retry]
            enabled = false
            [agents.reflector]
            model = "\(model)"
            inner_link = "identity"
            prompt = "Think about {question}"
            feedback_prompt = '''
            Signal:
            <<DELIBERATION_FEEDBACK_SLOT>>
            {question}'''
            [agents.toolcaller]
            model = "\(model)"
            inner_link = "identity"
            tools = ["\(tool)"]
            prompt = '''
            <<DELIBERATION_REFLECTOR_SLOT>>
            Echo: \(call)
            Echo: \(call)
            Echo:'''
            [links]
            outer_rt = "identity"
            outer_tr = "identity"
            """)
    }

    @Test func toolCallsRunDuringTheFinalDecode() async throws {
        let system = try SystemLoader().load(try Self.style())
        let runner = try Runner(system: system, question: "x")
        async let outcome = runner.run()
        var events: [MASEvent] = []
        for await envelope in runner.events { events.append(envelope.event) }
        let answer = try #require({ if case let .finished(text) = $0 { text } else { nil } }(await outcome))

        let calls = events.compactMap { event -> String? in
            switch event {
            case let .toolCall(id, agent, tool, arguments): "call \(id) \(agent) \(tool) \(arguments)"
            case let .toolResult(id, status, _, _): "result \(id) \(status.rawValue)"
            default: nil
            }
        }
        #expect(calls == ["call r1-toolcaller-1 toolcaller python print(6*7)", "result r1-toolcaller-1 ok",
                          "call r1-toolcaller-2 toolcaller python print(6*7)", "result r1-toolcaller-2 refused"])
        // Inside the decode stage, between tokens: decoding stopped at the call and went on after it.
        let decodeStart = try #require(events.firstIndex(of: .stageStarted(agent: "toolcaller", round: 1, kind: .decode)))
        let firstCall = try #require(events.firstIndex { if case .toolCall = $0 { true } else { false } })
        let isToken = { (event: MASEvent) in if case .token = event { true } else { false } }
        #expect(decodeStart < firstCall && events[decodeStart..<firstCall].contains(where: isToken))
        #expect(events[(firstCall + 2)...].prefix { if case .toolCall = $0 { false } else { true } }.contains(where: isToken))
        let tokens = events.filter(isToken).count
        let finished = events.compactMap { event -> Int? in
            if case let .stageFinished("toolcaller", 1, count, _) = event { return count }
            return nil
        }
        #expect(finished == [tokens])
        guard case let .runFinished(_, stats) = events.last else {
            Issue.record("no runFinished")
            return
        }
        #expect(stats.toolCalls == 2 && stats.decodedTokens == tokens && tokens <= 40)
        #expect(answer.hasPrefix("Echo: <python>print(6*7)</python> <result> 42 </result>"), "\(answer)")
        #expect(answer.hasSuffix("<python>print(6*7)</python> <result> [tool limit reached after 1 calls] </result>"), "\(answer)")
    }

    /// The key comes from a `.env` file as `SearchAPIKey.find` reads it; the server echoes it in a result,
    /// as a hostile or buggy API could. The request carried it; the trace file's bytes never do.
    @Test func theSearchAPIKeyIsAbsentFromARecordedTrace() async throws {
        let key = "tvly-loopback-5d1c93e0a7b24f68"
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-keytrace-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let envFile = scratch.appendingPathComponent(".env")
        try "# search\nTAVILY_API_KEY=\"\(key)\"\n".write(to: envFile, atomically: true, encoding: .utf8)
        let apiKey = try #require(SearchAPIKey.find(environment: [:], envFile: envFile.path))

        let content = "Paris is the capital and largest city of France."
        let reply = #"{"results": [{"title": "Paris", "url": "https://example.org/paris", "content": "\#(content) Served for \#(key)."}]}"#
        let server = try OneShotHTTPServer(body: reply, contentType: "application/json")
        let tools = ToolRegistry.standard(search: SearchToolSettings(baseURL: "http://127.0.0.1:\(server.port)", apiKey: apiKey))
        let system = try SystemLoader().load(try Self.style(tool: "search", call: "<search>capital of France</search>"))
        let runner = try Runner(system: system, question: "x", options: RunOptions(tools: tools))
        let traceURL = scratch.appendingPathComponent("run.jsonl")
        let recorder = try TraceWriter(url: traceURL)
        async let outcome = runner.run()
        var events: [MASEvent] = []
        for await envelope in runner.events {
            try recorder.write(envelope)
            events.append(envelope.event)
        }
        try recorder.close()
        _ = await outcome

        let results = events.compactMap { event -> (ToolStatus, String)? in
            if case let .toolResult(_, status, output, _) = event { return (status, output) }
            return nil
        }
        let first = try #require(results.first, "no search call in the run")
        #expect(first.0 == .ok && first.1.contains(content) && first.1.contains("Served for [redacted]."), "\(first.1)")
        let request = try #require(server.waitForRequests(1).first)
        #expect(request.lowercased().contains("authorization: bearer \(key)"), "the key did not reach the server")

        let trace = try Data(contentsOf: traceURL)
        #expect(trace.range(of: Data(content.utf8)) != nil, "the search result is not in the trace")
        #expect(trace.range(of: Data(key.utf8)) == nil, "the API key is in the trace")
    }
}
