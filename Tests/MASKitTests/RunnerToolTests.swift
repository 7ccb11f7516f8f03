import Foundation
import MASKit
import Testing

/// A deliberation run on the real SmolLM2 (both agents, identity links, greedy) whose tool caller is
/// asked to echo a python call: the call runs during the final decode, its events come in order between
/// the agent's tokens, and the call over the style's limit is refused and ends the answer.
@Suite("Runner with tools", .serialized)
struct RunnerToolTests {
    static func style() throws -> Style {
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
            tools = ["python"]
            prompt = '''
            <<DELIBERATION_REFLECTOR_SLOT>>
            Echo: <python>print(6*7)</python>
            Echo: <python>print(6*7)</python>
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
}
