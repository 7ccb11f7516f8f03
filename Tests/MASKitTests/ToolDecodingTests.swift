import Foundation
import MASKit
import Testing

/// The decode loop with a tool session on the real SmolLM2 model, greedy: asked to echo a python call, the
/// model writes it; decoding stops at the closing tag, the real python tool runs, and the result is read
/// into the context before decoding goes on.
@Suite(.serialized) struct ToolDecodingTests {
    static let prompt = "Echo: <python>print(6*7)</python>\nEcho: <python>print(6*7)</python>\nEcho:"

    @Test func aCallInTheDecodedTextRunsAndItsResultIsRead() async throws {
        let model = try TextModel(url: try TestSupport.model(.smolLM2))
        let tokenizer = model.tokenizer
        let prompt = model.chatTokens([.user(Self.prompt)]).ids
        let recorder = EventRecorder()
        let session = ToolSession(agent: "toolcaller", allowedTools: [.python],
                                  registry: ToolRegistry([PythonTool(settings: PythonToolSettings())]),
                                  limits: ToolLimits(maxCallsPerAnswer: 1), callIDPrefix: "t-", emit: recorder.record)
        var sampler = try Sampler(settings: .greedy)
        var pieces: [String] = []
        let decoding = TextDecoding(context: ModelContext(model: model.model), tokenizer: tokenizer,
                                    stopTokens: model.endOfGeneration, maxNewTokens: 40)
        let result = try await decoding.run(prompt: [.tokens(prompt)], history: prompt, sampler: &sampler,
                                            tools: session) { _, piece in pieces.append(piece) }

        let events = recorder.events
        try #require(events.count >= 2, "no tool call in: \(result.text)")
        #expect(events[0] == .toolCall(id: "t-1", agent: "toolcaller", tool: "python", arguments: "print(6*7)"))
        guard case let .toolResult("t-1", status, output, seconds) = events[1] else {
            Issue.record("no toolResult for t-1: \(events[1])")
            return
        }
        #expect(status == .ok && seconds > 0)
        #expect(output.split(separator: "\n").contains("42"), "\(output)")
        #expect(result.toolCalls == events.count / 2)
        #expect(result.tokens == pieces.count)

        // Cut right after the closing tag, the result appended; every sampled piece is in the answer.
        let resultText = ToolResultText.wrapped(output)
        let call = "<python>print(6*7)</python>"
        let cut = try #require(result.text.range(of: call + resultText), "\(result.text)")
        #expect(result.text.replacingOccurrences(of: resultText, with: "") == pieces.joined())

        // The context read exactly the answer: sampled tokens and the result's tokens spell it.
        let bytes = try result.contextTokens.map { try tokenizer.pieceBytes($0, special: false) }
        #expect(String(decoding: bytes.flatMap { $0 }, as: UTF8.self) == result.text)

        // What the model wrote after the result is what it predicts with the result in its context: a
        // fresh context reading the prompt and the answer up to the result picks the same next token.
        let readUpTo = result.text.utf8.distance(from: result.text.startIndex, to: cut.upperBound)
        var covered = 0
        var index = 0
        while covered < readUpTo, index < bytes.count {
            covered += bytes[index].count
            index += 1
        }
        #expect(covered == readUpTo, "the result's tokens do not end at the result's end")
        guard index < result.contextTokens.count else { return }
        let fresh = ModelContext(model: model.model)
        let logits = try #require(try fresh.prefill(tokens: prompt + result.contextTokens[..<index]).logits)
        var greedy = try Sampler(settings: .greedy)
        #expect(try greedy.sampleToken(logits: logits).id == result.contextTokens[index])
    }
}
