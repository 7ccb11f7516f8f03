import Foundation
import MASKit
import Testing

/// Whole runs of a sequential style on tiny random models of two hidden sizes (real SmolLM2 tokenizer).
@Suite("Runner", .serialized)
struct RunnerTests {
    static let question = "What is 6 × 7?"

    /// Runs `system` and collects every event; `onEvent` may answer with a command.
    static func collect(_ system: LoadedSystem, options: RunOptions = RunOptions(),
                        onEvent: @escaping @Sendable (MASEvent) -> RunnerCommand? = { _ in nil })
        async throws -> (events: [MASEventEnvelope], outcome: RunOutcome) {
        let runner = try Runner(system: system, question: question, options: options)
        async let outcome = runner.run()
        var events: [MASEventEnvelope] = []
        for await envelope in runner.events {
            events.append(envelope)
            if let command = onEvent(envelope.event) { runner.send(command) }
        }
        return (events, await outcome)
    }

    static func load(rounds: Int = 3, answerRetry: Bool = false) throws -> LoadedSystem {
        try SystemLoader(models: TinyModels.models).load(try TinyModels.sequentialStyle(rounds: rounds, answerRetry: answerRetry))
    }

    @Test func anEmptyQuestionIsRefused() throws {
        let system = try Self.load()
        #expect(throws: RecursionError("the question is empty")) { try Runner(system: system, question: " \n ") }
    }

    /// A decode budget past the context (2,048 positions; random models never end their text) is no error:
    /// the stage stops at the end of the context with a warning and the run answers. Repeated: this path
    /// once crashed in some runs.
    @Test func decodingToTheEndOfTheContextStopsWithAWarning() async throws {
        let system = try SystemLoader(models: TinyModels.models).load(
            try TinyModels.sequentialStyle(rounds: 1, latentSteps: 2, maxNewTokens: 100_000))
        for _ in 0..<8 {
            let (envelopes, outcome) = try await Self.collect(system)
            let events = envelopes.map(\.event)
            guard case .finished = outcome else {
                Issue.record("the run did not finish: \(outcome)")
                return
            }
            let warnings = events.compactMap { event -> String? in
                if case let .warning("solver", message) = event { return message }
                return nil
            }
            #expect(warnings == ["solver reached the end of its context (2048 positions); its text stops there"])
            let tokens = events.compactMap { event -> Int? in
                if case let .stageFinished("solver", _, tokens, _) = event { return tokens }
                return nil
            }
            #expect(tokens.count == 1 && tokens[0] > 1_500 && tokens[0] < 2_048, "\(tokens)")
            #expect(events.contains { if case .answer = $0 { true } else { false } })
        }
    }

    @Test func sequentialRunReportsEverythingInOrder() async throws {
        let system = try Self.load()
        let (envelopes, outcome) = try await Self.collect(system)
        let events = envelopes.map(\.event)
        #expect(envelopes.map(\.sequence) == Array(1...envelopes.count))
        #expect(Set(envelopes.map(\.runID)).count == 1)

        guard case let .runStarted(style, agents, links, rounds, steps, question, method) = events.first else {
            Issue.record("the first event is not runStarted")
            return
        }
        #expect(style == "tiny_test_sequential" && rounds == 3 && steps == 4 && question == Self.question)
        #expect(agents == [AgentInfo(name: "planner", model: "tiny-32.gguf", hiddenSize: 32),
                           AgentInfo(name: "critic", model: "tiny-48.gguf", hiddenSize: 48),
                           AgentInfo(name: "solver", model: "tiny-32.gguf", hiddenSize: 32)])
        #expect(links.map(\.name) == ["outer_12", "outer_23", "outer_31"])

        // No fitted links in the tiny models directory: six visible warnings, one per stand-in link.
        let warnings = events.compactMap { event -> String? in
            if case let .warning(nil, message) = event { return message }
            return nil
        }
        #expect(warnings.count == 6)
        #expect(warnings.allSatisfy { $0.contains("UNTRAINED") })

        // Stages in the schedule's order, each bracketed, with T latent steps numbered 1…T.
        var stages: [String] = []
        var latentSteps: [String: [Int]] = [:]
        var current: String?
        for event in events {
            switch event {
            case let .stageStarted(agent, round, kind):
                #expect(current == nil)
                current = "\(agent)/\(round)/\(kind.rawValue)"
                stages.append(current!)
            case let .latentStep(agent, round, step, norm):
                #expect(current?.hasPrefix("\(agent)/\(round)/") == true)
                #expect(norm.isFinite && norm > 0)
                latentSteps[current!, default: []].append(step)
            case let .stageFinished(agent, round, _, _):
                #expect(current?.hasPrefix("\(agent)/\(round)/") == true)
                current = nil
            default:
                break
            }
        }
        #expect(stages == ["planner/1/latent", "critic/1/latent", "solver/1/feedback",
                           "planner/2/latent", "critic/2/latent", "solver/2/feedback",
                           "planner/3/latent", "critic/3/latent", "solver/3/decode"])
        for stage in stages where !stage.hasSuffix("decode") { #expect(latentSteps[stage] == [1, 2, 3, 4]) }
        #expect(latentSteps["solver/3/decode"] == nil)

        // One hop per link per round (no feedback after the last round), T norms each; the raw norms
        // are the sender's latent-step norms of that round.
        var hops: [String] = []
        for event in events {
            guard case let .hop(link, from, to, round, perStep, receiverNorm, _) = event else { continue }
            hops.append("\(link)/\(round)")
            #expect(perStep.count == 4)
            let senderNorms = events.compactMap { event -> Float? in
                if case let .latentStep(agent, r, _, norm) = event, agent == from, r == round { return norm }
                return nil
            }
            #expect(perStep.map(\.raw) == senderNorms)
            #expect(perStep.allSatisfy { $0.afterInner.isFinite && $0.afterOuter.isFinite && $0.afterOuter > 0 })
            let receiver = try #require(system.agents.first { $0.name == to })
            #expect(receiverNorm == receiver.model.meanTokenEmbeddingNorm())
        }
        #expect(hops == ["outer_12/1", "outer_23/1", "outer_31/1", "outer_12/2", "outer_23/2", "outer_31/2",
                         "outer_12/3", "outer_23/3"])

        // Rounds bracket their stages.
        let roundMarks = events.compactMap { event -> String? in
            switch event {
            case let .roundStarted(round): "start \(round)"
            case let .roundFinished(round, _): "end \(round)"
            default: nil
            }
        }
        #expect(roundMarks == ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"])

        // Tokens only from the final decode; they spell the answer; answer and runFinished close the run.
        let tokens = events.compactMap { event -> String? in
            if case let .token(agent, round, text, _, _) = event {
                #expect(agent == "solver" && round == 3)
                return text
            }
            return nil
        }
        let finished = events.compactMap { event -> Int? in
            if case let .stageFinished("solver", 3, count, _) = event { return count }
            return nil
        }
        #expect(finished == [tokens.count])
        #expect(tokens.count <= 6)
        guard case let .answer(text, _, _, true) = events.dropLast().last, case let .runFinished(_, stats) = events.last else {
            Issue.record("the run does not end with answer and runFinished")
            return
        }
        #expect(text == tokens.joined().trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(outcome == .finished(answer: text))
        #expect(stats == RunStats(decodedTokens: tokens.count, latentSteps: 8 * 4, toolCalls: 0))
    }

    @Test func sameSeedSameRun() async throws {
        let system = try Self.load(rounds: 2)
        let first = try await Self.collect(system, options: RunOptions(seed: 11)).events.map(\.event).map(Self.timeless)
        let second = try await Self.collect(system, options: RunOptions(seed: 11)).events.map(\.event).map(Self.timeless)
        #expect(first == second)
        #expect(first.contains { if case .answer = $0 { true } else { false } })
    }

    @Test func stageSteppingPausesBeforeEveryStageButTheFirst() async throws {
        let system = try Self.load(rounds: 2)
        let (envelopes, outcome) = try await Self.collect(system, options: RunOptions(stepMode: .stage)) { event in
            if case .paused = event { return .step }
            return nil
        }
        let events = envelopes.map(\.event)
        #expect(outcome != .cancelled)
        var pauses: [PausePoint] = []
        for (index, event) in events.enumerated() {
            guard case let .paused(at) = event else { continue }
            pauses.append(at)
            // Paused exactly at a boundary: after the previous stage's last event, right before the next stage.
            let before = events[index - 1]
            let boundary: Bool = switch before {
            case .stageFinished, .hop, .roundStarted: true
            default: false
            }
            #expect(boundary, "paused after \(before)")
            #expect(events[index + 1] == .resumed)
            guard case let .stageStarted(agent, round, _) = events[index + 2] else {
                Issue.record("no stage follows the pause")
                continue
            }
            #expect(at == PausePoint(boundary: .stage, round: round, agent: agent))
        }
        #expect(pauses.map { "\($0.agent ?? "")/\($0.round)" } == ["critic/1", "solver/1", "planner/2", "critic/2", "solver/2"])
    }

    @Test func roundSteppingAndContinue() async throws {
        let system = try Self.load(rounds: 3)
        let (envelopes, _) = try await Self.collect(system, options: RunOptions(stepMode: .round)) { event in
            if case .paused = event { return .continue }
            return nil
        }
        let events = envelopes.map(\.event)
        // Only the first round boundary pauses: continue switches to continuous.
        let pauses = events.enumerated().filter { if case .paused = $0.element { true } else { false } }
        #expect(pauses.map(\.element) == [.paused(at: PausePoint(boundary: .round, round: 2))])
        if let index = pauses.first?.offset {
            #expect(events[index - 1] == .roundFinished(round: 1, seconds: Self.seconds(of: events[index - 1])))
            #expect(events[index + 1] == .resumed)
            #expect(events[index + 2] == .roundStarted(round: 2))
        }
        #expect(events.last.map { if case .runFinished = $0 { true } else { false } } == true)
    }

    @Test func cancelStopsTheRun() async throws {
        let system = try Self.load(rounds: 3)
        let (envelopes, outcome) = try await Self.collect(system, options: RunOptions(stepMode: .stage)) { event in
            if case .paused = event { return .cancel }
            return nil
        }
        let events = envelopes.map(\.event)
        #expect(outcome == .cancelled)
        #expect(events.last == .error(agent: nil, message: "cancelled"))
        #expect(!events.contains { if case .answer = $0 { true } else { false } })
        #expect(events.filter { if case .stageStarted = $0 { true } else { false } }.count == 1)
    }

    @Test func recordedTraceReplaysTheSameEvents() async throws {
        let system = try Self.load(rounds: 2)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-run-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let (envelopes, _) = try await Self.collect(system)
        let writer = try TraceWriter(url: file)
        for envelope in envelopes { try writer.write(envelope) }
        try writer.close()
        let trace = try TraceReader.read(contentsOf: file)
        #expect(trace.events == envelopes)
        let player = ReplayPlayer(trace: trace, speed: 0, stepMode: .continuous)
        async let outcome = player.play()
        var replayed: [MASEventEnvelope] = []
        for await envelope in player.events { replayed.append(envelope) }
        _ = await outcome
        #expect(replayed == envelopes)
    }

    /// No answer in the decoded text: the solver continues it after the answer suffix, as raw text, and
    /// the answer is the continued text (spec §6).
    @Test func answerRetryContinuesAnAnswerlessText() async throws {
        let system = try Self.load(rounds: 1, answerRetry: true)
        let (envelopes, outcome) = try await Self.collect(system)
        let events = envelopes.map(\.event)
        let stages = events.compactMap { event -> String? in
            if case let .stageStarted(agent, round, kind) = event { return "\(agent)/\(round)/\(kind.rawValue)" }
            return nil
        }
        var pieces: [String: [String]] = [:]
        var current = ""
        for event in events {
            if case let .stageStarted(_, _, kind) = event { current = kind.rawValue }
            if case let .token(_, _, text, _, _) = event { pieces[current, default: []].append(text) }
        }
        let decoded = (pieces["decode"] ?? []).joined().trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(AnswerExtraction.extract(from: decoded) == nil, "the random model wrote an answer: \(decoded)")
        #expect(stages == ["planner/1/latent", "critic/1/latent", "solver/1/decode", "solver/1/retry"])
        let retried = pieces["retry"] ?? []
        #expect(retried.count <= 3)
        let finished = events.compactMap { event -> Int? in
            if case let .stageFinished("solver", 1, count, _) = event { return count }
            return nil
        }
        #expect(finished == [pieces["decode"]?.count ?? 0, retried.count])
        var prefix = decoded
        while prefix.last?.isWhitespace == true { prefix.removeLast() }
        let expected = prefix + "\nFinal Answer: \\boxed{" + retried.joined()
        #expect(outcome == .finished(answer: expected))
        #expect(events.contains(.answer(text: expected, extracted: AnswerExtraction.extract(from: expected), round: 1, isFinal: true)))
        guard case let .runFinished(_, stats) = events.last else {
            Issue.record("the run does not end with runFinished")
            return
        }
        #expect(stats.decodedTokens == (pieces["decode"]?.count ?? 0) + retried.count)
    }

    /// With a peek, each hop names the receiver tokens nearest to each latent: k per step, most similar
    /// first, from the receiver's vocabulary, as `TokenPeek` finds them.
    @Test func peekNamesNearestReceiverTokens() async throws {
        let system = try Self.load(rounds: 1)
        let (envelopes, _) = try await Self.collect(system, options: RunOptions(peekTokens: 3))
        var hops = 0
        for case let .hop(_, _, to, _, perStep, _, peek) in envelopes.map(\.event) {
            hops += 1
            let peek = try #require(peek)
            #expect(peek.count == perStep.count)
            let receiver = try #require(system.agents.first { $0.name == to })
            for tokens in peek {
                #expect(tokens.count == 3)
                #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0.cosine >= $1.cosine })
                #expect(tokens.allSatisfy { $0.cosine <= 1.0001 && $0.tokenId < receiver.tokenizer.vocabularySize })
            }
        }
        #expect(hops == 2)
    }

    @Test func badRunSettingsAreRefused() throws {
        let system = try Self.load(rounds: 1)
        #expect(throws: RecursionError.self) { try Runner(system: system, question: "x", options: RunOptions(latentSteps: 0)) }
        #expect(throws: RecursionError.self) { try Runner(system: system, question: "see <<LATENT_PLANNER_SLOT>>") }
        // Rounds may exceed the style's own: its prompts are checked again for the new count.
        #expect(throws: Never.self) { try Runner(system: system, question: "x", options: RunOptions(rounds: 2)) }
    }

    /// The event with its measured durations zeroed, to compare runs.
    static func timeless(_ event: MASEvent) -> MASEvent {
        switch event {
        case let .stageFinished(agent, round, tokens, _): .stageFinished(agent: agent, round: round, tokens: tokens, seconds: 0)
        case let .roundFinished(round, _): .roundFinished(round: round, seconds: 0)
        case let .runFinished(_, stats): .runFinished(seconds: 0, stats: stats)
        default: event
        }
    }

    static func seconds(of event: MASEvent) -> Double {
        if case let .roundFinished(_, seconds) = event { return seconds }
        return -1
    }
}
