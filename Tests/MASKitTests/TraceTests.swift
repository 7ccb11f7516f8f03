import Foundation
import MASKit
import Testing

/// One event of every kind, with optional values both present and absent and a non-finite norm.
private let everyKind: [MASEvent] = [
    .runStarted(style: "sequential_tiny",
                agents: [AgentInfo(name: "planner", model: "a.gguf", hiddenSize: 576),
                         AgentInfo(name: "critic", model: "b.gguf", hiddenSize: 640)],
                links: [LinkInfo(name: "outer_12", from: "planner", to: "critic")],
                rounds: 2, latentSteps: 4, question: "Wie viel ist 17 × 24? \"quoted\"\n", method: .text),
    .roundStarted(round: 1),
    .stageStarted(agent: "planner", round: 1, kind: .latent),
    .latentStep(agent: "planner", round: 1, step: 1, hiddenNorm: 51.25),
    .latentStep(agent: "planner", round: 1, step: 2, hiddenNorm: .nan),
    .hop(link: "outer_12", from: "planner", to: "critic", round: 1,
         perStep: [HopStep(raw: 60.5, afterInner: 1.0625, afterOuter: 0.875),
                   HopStep(raw: 61, afterInner: 1.5, afterOuter: 0.75, stepCosine: 0.5, roundCosine: -0.25)],
         receiverEmbeddingNorm: 1.5,
         peek: [[NearestToken(tokenId: 7, text: " times", cosine: 0.5)]]),
    .hop(link: "outer_12", from: "planner", to: "critic", round: 2, perStep: [],
         receiverEmbeddingNorm: .infinity, peek: nil),
    .token(agent: "critic", round: 1, text: "日本", tokenId: 42, logprob: -0.25),
    .token(agent: "critic", round: 1, text: "\t", tokenId: 43, logprob: nil),
    .toolCall(id: "call-1", agent: "critic", tool: "python", arguments: "{\"code\":\"print(1)\"}"),
    .toolResult(id: "call-1", status: .timeout, output: "", seconds: 10),
    .stageFinished(agent: "critic", round: 1, tokens: 2, seconds: 0.5),
    .roundFinished(round: 1, seconds: 1.5),
    .answer(text: "400", extracted: "400", round: 1, isFinal: false),
    .answer(text: "408", extracted: "408", round: 2, isFinal: true),
    .answer(text: "no idea", extracted: nil, round: nil, isFinal: true),
    .error(agent: nil, message: "model file missing"),
    .error(agent: "critic", message: "NaN in hidden state"),
    .warning(agent: nil, message: "link outer_12 is untrained"),
    .warning(agent: "solver", message: "reached the end of its context"),
    .paused(at: PausePoint(boundary: .stage, round: 2, agent: "critic")),
    .paused(at: PausePoint(boundary: .round, round: 2)),
    .resumed,
    .runFinished(seconds: 3.25, stats: RunStats(decodedTokens: 2, latentSteps: 8, toolCalls: 1)),
]

private func stamped(_ events: [MASEvent]) -> [MASEventEnvelope] {
    var stamper = EventStamper(runID: "run-1", clock: { 1_767_225_600.125 })
    return events.map { stamper.stamp($0) }
}

private func temporaryFile(_ name: String) -> URL {
    FileManager.default.temporaryDirectory
        .appendingPathComponent("mastui-trace-\(UUID().uuidString)-\(name)")
}

private func written(_ envelopes: [MASEventEnvelope]) throws -> Data {
    let url = temporaryFile("trace.jsonl")
    defer { try? FileManager.default.removeItem(at: url) }
    let writer = try TraceWriter(url: url, header: TraceHeader(createdAt: 1_767_225_600))
    for envelope in envelopes { try writer.write(envelope) }
    try writer.close()
    return try Data(contentsOf: url)
}

/// Events are compared through their JSON form so that NaN (never equal to itself) compares too.
private func json(_ envelopes: [MASEventEnvelope]) throws -> [Data] {
    try envelopes.map { try TraceCoding.encodeLine($0) }
}

private func lines(_ data: Data) -> [Data] {
    data.split(separator: 0x0A).map { Data($0) }
}

@Suite struct TraceTests {
    @Test func sampleCoversEveryEventKind() {
        #expect(Set(everyKind.map(\.kind)) == Set(MASEvent.Kind.allCases))
    }

    @Test func everyEventRoundTripsThroughAFile() throws {
        let envelopes = stamped(everyKind)
        let data = try written(envelopes)
        #expect(lines(data).count == envelopes.count + 1)
        let trace = try TraceReader.parse(data, file: "t.jsonl")
        #expect(trace.header == TraceHeader(createdAt: 1_767_225_600))
        #expect(!trace.droppedTruncatedLine)
        #expect(try json(trace.events) == json(envelopes))
    }

    @Test func eachLineIsOneFlatJSONObjectNamingItsType() throws {
        let data = try written(stamped([.token(agent: "critic", round: 1, text: "hi", tokenId: 5, logprob: nil)]))
        let object = try #require(
            JSONSerialization.jsonObject(with: lines(data)[1]) as? [String: Any])
        #expect(Set(object.keys) == ["run", "seq", "time", "type", "agent", "round", "text", "tokenId"])
        #expect(object["type"] as? String == "token")
        #expect(object["seq"] as? Int == 1)
    }

    @Test func truncatedLastLineIsDroppedAndReported() throws {
        let envelopes = stamped(everyKind)
        let data = try written(envelopes)
        let cut = data.dropLast(9)
        let trace = try TraceReader.parse(Data(cut), file: "cut.jsonl")
        #expect(trace.droppedTruncatedLine)
        #expect(try json(trace.events) == json(Array(envelopes.dropLast())))
    }

    @Test func completeLastLineWithoutNewlineIsKept() throws {
        let envelopes = stamped(everyKind)
        let data = try written(envelopes).dropLast()
        let trace = try TraceReader.parse(Data(data), file: "t.jsonl")
        #expect(!trace.droppedTruncatedLine)
        #expect(trace.events.count == envelopes.count)
    }

    @Test func garbageLineIsAnErrorNamingFileAndLine() throws {
        var parts = lines(try written(stamped(everyKind)))
        parts.insert(Data("hello world".utf8), at: 3)
        let data = Data(parts.joined(separator: [0x0A])) + [0x0A]
        let error = try #require(throws: TraceError.self) { try TraceReader.parse(data, file: "bad.jsonl") }
        #expect(error.problem == .badLine(line: 4, reason: "not a JSON object"))
        #expect(error.description == "bad.jsonl:4: not a trace event: not a JSON object")
    }

    @Test func garbageLastLineWithItsNewlineIsAnError() throws {
        let data = try written(stamped(everyKind)) + Data("{\"run\":\"r\",\"seq\":99,\"time\":1,\"type\":\"token\"}\n".utf8)
        let error = try #require(throws: TraceError.self) { try TraceReader.parse(data, file: "t.jsonl") }
        #expect(error.problem == .badLine(line: everyKind.count + 2, reason: "missing field \"agent\""))
    }

    @Test func unknownEventTypeIsAnError() throws {
        let data = try written([]) + Data("{\"run\":\"r\",\"seq\":1,\"time\":1,\"type\":\"dance\"}\n".utf8)
        let error = try #require(throws: TraceError.self) { try TraceReader.parse(data, file: "t.jsonl") }
        #expect(error.problem == .badLine(line: 2, reason: "field \"type\" has an invalid value"))
    }

    @Test func sequenceMustIncreaseWithinARun() throws {
        var parts = lines(try written(stamped(everyKind)))
        parts.swapAt(4, 5)
        let data = Data(parts.joined(separator: [0x0A])) + [0x0A]
        let error = try #require(throws: TraceError.self) { try TraceReader.parse(data, file: "t.jsonl") }
        #expect(error.problem == .sequenceOutOfOrder(line: 6, sequence: 4, previous: 5))
    }

    @Test func stamperNumbersEventsFromOne() {
        #expect(stamped(everyKind).map(\.sequence) == Array(1...everyKind.count))
    }

    @Test func headerProblemsAreReported() throws {
        let empty = try #require(throws: TraceError.self) { try TraceReader.parse(Data(), file: "e.jsonl") }
        #expect(empty.problem == .noHeader)
        let eventFirst = try TraceCoding.encodeLine(stamped([.resumed])[0])
        let noHeader = try #require(throws: TraceError.self) { try TraceReader.parse(eventFirst, file: "n.jsonl") }
        #expect(noHeader.problem == .badHeader("missing field \"format\""))
        var future = TraceHeader(createdAt: 0)
        future.schemaVersion = TraceHeader.currentSchemaVersion + 1
        let newer = try #require(throws: TraceError.self) {
            try TraceReader.parse(TraceCoding.encodeLine(future), file: "f.jsonl")
        }
        #expect(newer.problem == .unsupportedSchema(found: future.schemaVersion,
                                                     supported: TraceHeader.currentSchemaVersion))
    }

    @Test func missingFileIsAnErrorNamingIt() {
        #expect(throws: TraceError.self) {
            try TraceReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/x.jsonl"))
        }
    }

    /// The demo trace was written by a Python script, independently of the Swift encoder, in schema 1:
    /// every line must decode, and re-encoding must give back the same JSON object with what schema 2
    /// adds (the method, answers marked final, warnings as their own kind).
    @Test func independentlyWrittenSchema1TraceReadsAndReencodesUpgraded() throws {
        let url = TestSupport.fixture("traces/demo_sequential.jsonl")
        let trace = try TraceReader.read(contentsOf: url)
        let fileLines = lines(try Data(contentsOf: url))
        #expect(trace.events.count == fileLines.count - 1)
        for (envelope, line) in zip(trace.events, fileLines.dropFirst()) {
            var original = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            switch original["type"] as? String {
            case "runStarted": original["method"] = "latent"
            case "answer": original["isFinal"] = true
            case "error":
                if let message = original["message"] as? String, message.hasPrefix("warning: ") {
                    original["type"] = "warning"
                    original["message"] = String(message.dropFirst("warning: ".count))
                }
            default: break
            }
            let again = try JSONSerialization.jsonObject(with: TraceCoding.encodeLine(envelope)) as? NSDictionary
            #expect(NSDictionary(dictionary: original) == again, "seq \(envelope.sequence)")
        }
    }

    @Test func schema1WarningsReadAsWarnings() throws {
        let line = Data(#"{"type":"error","message":"warning: link outer_12 is untrained","runID":"r","seq":1,"ts":0}"#.utf8)
        let event = try JSONDecoder().decode(MASEvent.self, from: line)
        #expect(event == .warning(agent: nil, message: "link outer_12 is untrained"))
    }

    @Test func replayEmitsEveryEventInOrder() async throws {
        let trace = try TraceReader.read(contentsOf: TestSupport.fixture("traces/demo_sequential.jsonl"))
        let player = ReplayPlayer(trace: trace, speed: 0, stepMode: .continuous)
        async let outcome = player.play()
        var received: [MASEventEnvelope] = []
        for await envelope in player.events { received.append(envelope) }
        _ = await outcome
        #expect(received == trace.events)
    }

    @Test func replayWaitsRecordedGapsUpToALimit() {
        #expect(ReplayPlayer.pacedGap(0.25) == 0.25)
        #expect(ReplayPlayer.pacedGap(-3) == 0)
        #expect(ReplayPlayer.pacedGap(1e9) == ReplayPlayer.longestGap)
        #expect(ReplayPlayer.pacedGap(.nan) == 0)
    }
}
