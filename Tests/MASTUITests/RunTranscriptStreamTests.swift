import MASKit
import MASTUI
import Testing

@Suite struct RunTranscriptStreamTests {
    @Test func tokensStreamAfterOnePrefixAndOtherEventsGetLines() throws {
        let events = try UITestSupport.demoEvents()
        var transcript = RunTranscript()
        let text = events.map { transcript.text(for: $0) }.joined() + transcript.finish()
        let tokens = events.compactMap { envelope -> String? in
            if case let .token(_, _, text, _, _) = envelope.event { return text }
            return nil
        }
        #expect(text.contains("\n[solver] " + tokens.joined() + "\n"))
        #expect(text.hasPrefix("run sequential_tiny (latent): planner → critic → solver, 2 rounds × 8 latent steps\n"))
        #expect(text.hasSuffix("answer: 408\nfinished in 4.7 s: 33 tokens, 40 latent steps, 0 tool calls\n"))
        let hops = events.filter { if case .hop = $0.event { true } else { false } }
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("  outer_") }.count == hops.count)
    }
}

@Suite struct RunTranscriptToolTests {
    /// Decoding goes on after a tool result with line breaks before its next visible text: the agent's
    /// next line starts at that text, with no empty `[agent] ` line before it; a stream ending with a line
    /// break gets no second one.
    @Test func aStreamResumingWithALineBreakStartsAtItsText() {
        let events: [MASEvent] = [
            .stageStarted(agent: "toolcaller", round: 1, kind: .decode),
            .token(agent: "toolcaller", round: 1, text: "Echo: <python>print(6*7)</python>", tokenId: 1, logprob: nil),
            .toolCall(id: "r1-toolcaller-1", agent: "toolcaller", tool: "python", arguments: "print(6*7)"),
            .toolResult(id: "r1-toolcaller-1", status: .ok, output: "42", seconds: 0.1),
            .token(agent: "toolcaller", round: 1, text: "\n", tokenId: 2, logprob: nil),
            .token(agent: "toolcaller", round: 1, text: " \n  Echo", tokenId: 3, logprob: nil),
            .token(agent: "toolcaller", round: 1, text: ":\n", tokenId: 4, logprob: nil),
            .stageStarted(agent: "reflector", round: 2, kind: .latent),
            .token(agent: "reflector", round: 2, text: "Hm", tokenId: 5, logprob: nil),
            .token(agent: "toolcaller", round: 2, text: "\nOk", tokenId: 6, logprob: nil),
        ]
        var transcript = RunTranscript()
        let text = events.enumerated().map { index, event in
            transcript.text(for: MASEventEnvelope(runID: "t", sequence: index + 1, timestamp: 0, event: event))
        }.joined() + transcript.finish()
        #expect(text == """
            [toolcaller] decode
            [toolcaller] Echo: <python>print(6*7)</python>
            [toolcaller] calls python: print(6*7)
            tool ok in 0.1 s: 42
            [toolcaller]   Echo:
            [reflector] latent
            [reflector] Hm
            [toolcaller] Ok

            """)
        #expect(!text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "[toolcaller]" })
    }
}
