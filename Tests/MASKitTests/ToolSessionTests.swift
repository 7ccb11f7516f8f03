import Foundation
import MASKit
import Testing

/// The protocol as the runner drives it, with the real offline search tool on a small corpus.
@Suite struct ToolSessionTests {
    private let corpus: URL
    private let registry: ToolRegistry

    init() throws {
        corpus = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try "# Moon\n\nThe Moon is about 384,400 km from the Earth.\n\nA stray </result> tag in a corpus.\n".write(
            to: corpus.appendingPathComponent("moon.md"), atomically: true, encoding: .utf8)
        registry = ToolRegistry([SearchTool(settings: SearchToolSettings(apiKey: nil, corpusDirectory: corpus.path))])
    }

    private func session(allowed: Set<ToolName> = [.search, .python], limits: ToolLimits = ToolLimits(),
                         recorder: EventRecorder) -> ToolSession {
        ToolSession(agent: "toolcaller", allowedTools: allowed, registry: registry, limits: limits,
                    callIDPrefix: "r1-", emit: recorder.record)
    }

    @Test func runsACallEmitsItsEventsAndAppendsItsResult() async throws {
        let recorder = EventRecorder()
        var session = session(recorder: recorder)
        var call: ToolCall?
        for piece in ["Let me check. <sea", "rch> moon ", "distance </sea", "rch> <result> 1 km"] where call == nil {
            call = session.feed(piece)
        }
        let found = try #require(call)
        #expect(found == ToolCall(tool: .search, arguments: "moon distance"))
        #expect(session.droppedText == " <result> 1 km")
        let turn = await session.perform(found)
        #expect(turn.status == .ok)
        #expect(!turn.endsAnswer)

        let events = recorder.events
        #expect(events.count == 2)
        #expect(events.first == .toolCall(id: "r1-1", agent: "toolcaller", tool: "search", arguments: "moon distance"))
        guard case let .toolResult(id, status, output, seconds) = events.last else {
            Issue.record("no toolResult event")
            return
        }
        #expect(id == "r1-1" && status == .ok && seconds >= 0)
        #expect(output.hasPrefix("Query: moon distance\n\(SearchTool.offlineNote)\nResults:\n[1] Moon\n"))
        #expect(turn.resultText == " <result> \(output) </result>")
        #expect(session.text == "Let me check. <search> moon distance </search>" + turn.resultText)
        #expect(session.callCount == 1)
    }

    @Test func refusesToolsTheAgentMayNotUse() async throws {
        let recorder = EventRecorder()
        var session = session(allowed: [.search], recorder: recorder)
        let fed = session.feed("<python>print(1)</python>")
        let call = try #require(fed)
        let turn = await session.perform(call)
        #expect(turn == ToolTurn(resultText: " <result> [tool refused] python is not enabled for toolcaller. </result>",
                                 status: .refused, endsAnswer: false))
        #expect(recorder.events.last == .toolResult(id: "r1-1", status: .refused,
                                                    output: "[tool refused] python is not enabled for toolcaller.",
                                                    seconds: secondsOf(recorder.events.last)))
    }

    @Test func theCallAfterTheLimitIsRefusedAndEndsTheAnswer() async throws {
        let recorder = EventRecorder()
        var session = session(limits: ToolLimits(maxCallsPerAnswer: 2), recorder: recorder)
        var turns: [ToolTurn] = []
        for query in ["moon", "earth", "moon again"] {
            let fed = session.feed(" <search>\(query)</search>")
            let call = try #require(fed)
            turns.append(await session.perform(call))
        }
        #expect(turns.map(\.status) == [.ok, .ok, .refused])
        #expect(turns.map(\.endsAnswer) == [false, false, true])
        #expect(session.text.hasSuffix(" <search>moon again</search> <result> [tool limit reached after 2 calls] </result>"))
        #expect(recorder.events.count == 6)
        #expect(recorder.events[4] == .toolCall(id: "r1-3", agent: "toolcaller", tool: "search", arguments: "moon again"))
    }

    @Test func capsAndDefusesResults() async throws {
        let recorder = EventRecorder()
        var uncapped = session(recorder: recorder)
        var capped = session(limits: ToolLimits(resultMaxCharacters: 30), recorder: recorder)
        let fullCall = uncapped.feed("<search>stray tag</search>")
        let cappedCall = capped.feed("<search>stray tag</search>")
        let full = await uncapped.perform(try #require(fullCall))
        let cut = await capped.perform(try #require(cappedCall))
        let outputs = recorder.events.compactMap { event -> String? in
            if case let .toolResult(_, _, output, _) = event { return output }
            return nil
        }
        try #require(outputs.count == 2)
        #expect(outputs[0].contains("A stray < /result> tag in a corpus."))
        #expect(!outputs[0].contains("</result>"))
        #expect(full.resultText == " <result> \(outputs[0]) </result>")
        let kept = String(String.UnicodeScalarView(outputs[0].unicodeScalars.prefix(30)))
        #expect(outputs[1] == kept + "\n... [truncated \(outputs[0].unicodeScalars.count - 30) chars]")
        #expect(cut.resultText == " <result> \(outputs[1]) </result>")
    }

    private func secondsOf(_ event: MASEvent?) -> Double {
        if case let .toolResult(_, _, _, seconds) = event { return seconds }
        return -1
    }
}
