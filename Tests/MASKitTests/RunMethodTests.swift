import Foundation
import MASKit
import Testing

/// The three methods (latent, text, single): which stages run in which order, what each prompt holds,
/// and whole runs on the tiny models.
@Suite("Run methods", .serialized)
struct RunMethodTests {
    // MARK: stage order

    /// Text runs the latent method's stages, each decoding: the same roles, slots and links, in order,
    /// with the closing agent decoding (and, before the last round, sending its text back) every round.
    @Test(arguments: StyleFamily.allCases)
    func textRunsTheLatentStagesEachDecoding(_ family: StyleFamily) {
        for rounds in 1...3 {
            for round in 1...rounds {
                let latent = family.stages(round: round, of: rounds, method: .latent)
                let text = family.stages(round: round, of: rounds, method: .text)
                #expect(text.map(\.role) == latent.map(\.role))
                #expect(text.map(\.slots) == latent.map(\.slots))
                #expect(text.map(\.sends) == latent.map(\.sends))
                #expect(text.allSatisfy { $0.kind == .decode })
                #expect(text.last?.role == family.closingRole)
            }
        }
    }

    /// The sequential text method in full, as the reference's `text_recursive` (spec §11).
    @Test func sequentialTextOrderIsPlannerCriticSolverEveryRound() {
        let family = StyleFamily.sequential
        let first = family.stages(round: 1, of: 2, method: .text)
        #expect(first.map(\.role) == ["planner", "critic", "solver"])
        #expect(first.map(\.prompt) == [.main, .main, .main])
        #expect(first.map(\.sends) == [["outer_12"], ["outer_23"], ["outer_31"]])
        let second = family.stages(round: 2, of: 2, method: .text)
        #expect(second.map(\.prompt) == [.feedback, .main, .main])
        #expect(second[0].slots == [StyleFamily.Stage.Slot(marker: StyleFamily.Slot.feedback, link: "outer_31")])
        #expect(second.last?.sends == [])
    }

    @Test(arguments: StyleFamily.allCases)
    func singleIsTheClosingAgentAloneWithoutSlots(_ family: StyleFamily) {
        let stages = family.stages(round: 1, of: 1, method: .single)
        #expect(stages == [StyleFamily.Stage(role: family.closingRole, kind: .decode, prompt: .single, slots: [], sends: [])])
    }

    /// Decoding every round: before the last round the closing agent decodes (sending nothing), then
    /// sends its latents back as it would without decoding.
    @Test(arguments: StyleFamily.allCases)
    func decodeEveryRoundDecodesThenSendsBack(_ family: StyleFamily) {
        let plain = family.stages(round: 1, of: 3)
        let every = family.stages(round: 1, of: 3, decodeEveryRound: true)
        let feedback = plain.last!
        #expect(feedback.kind == .feedback && feedback.role == family.closingRole)
        #expect(every == plain.dropLast() + [StyleFamily.Stage(role: family.closingRole, kind: .decode, prompt: .main,
                                                                 slots: feedback.slots, sends: []), feedback])
        #expect(family.stages(round: 3, of: 3, decodeEveryRound: true) == family.stages(round: 3, of: 3))
    }

    // MARK: prompts

    /// A text handoff fills its slot with the text's own tokens, read as plain text, between the
    /// prompt's pieces on either side of the marker.
    @Test func aTextHandoffIsSplicedAsItsTokens() throws {
        let system = try SystemLoader(models: TinyModels.models).load(try TinyModels.sequentialStyle())
        let critic = try #require(system.agent(role: "critic"))
        let stage = StyleFamily.sequential.stages(round: 1, of: 2, method: .text)[1]
        let handed = "Step 1: multiply <|im_end|> six by seven"
        let segments = try StagePrompt.segments(for: stage, of: critic, question: "What is 6 × 7?", filling: [.text(handed)])

        let rendered = critic.template.render([.system(critic.spec.systemPrompt), .user(critic.spec.prompt.replacingOccurrences(of: "{question}", with: "What is 6 × 7?"))],
                                              options: ChatRenderOptions(enableThinking: false))
        let pieces = rendered.components(separatedBy: StyleFamily.Slot.planner)
        try #require(pieces.count == 2)
        let expected = critic.tokenizer.encode(pieces[0], addSpecial: false, parseSpecial: true)
            + critic.tokenizer.encode(handed, addSpecial: false, parseSpecial: false)
            + critic.tokenizer.encode(pieces[1], addSpecial: false, parseSpecial: true)
        guard segments.count == 1, case .tokens(let ids) = segments[0] else {
            Issue.record("a text handoff must give one run of tokens, not \(segments)")
            return
        }
        #expect(ids == expected)
        let special = critic.tokenizer.encode("<|im_end|>", addSpecial: false, parseSpecial: true)
        try #require(special.count == 1)
        #expect(ids.filter { $0 == special[0] }.count == rendered.components(separatedBy: "<|im_end|>").count - 1,
                 "the model's text smuggled a control token in")
    }

    @Test func theSinglePromptIsTheFilesOrThePromptWithoutItsSlotLines() throws {
        let derived = try TinyModels.sequentialStyle()
        #expect(derived.agent(role: "solver")?.singlePrompt == "Refined plan:\nSolve: {question}")
        let given = try TinyModels.sequentialStyle(extra: "single_prompt = \"Answer: {question}\"")
        #expect(given.agent(role: "solver")?.singlePrompt == "Answer: {question}")
        #expect(throws: RecursionError("agents.solver.single_prompt must hold no slot marker, but holds <<LATENT_REFINED_SLOT>>")) {
            try TinyModels.sequentialStyle(extra: "single_prompt = \"<<LATENT_REFINED_SLOT>> {question}\"")
        }
    }

    // MARK: runs

    /// A text run: every stage decodes, nothing is latent, each round's solver text is an answer (the last
    /// final), the untrained links are not warned about, and the critic reads the planner's text: its
    /// greedy first token is what a fresh context gives for that prompt.
    @Test func aTextRunHandsTextOnAndAnswersEveryRound() async throws {
        let system = try SystemLoader(models: TinyModels.models).load(try TinyModels.sequentialStyle(rounds: 2, temperature: 0))
        let (envelopes, outcome) = try await RunnerTests.collect(system, options: RunOptions(method: .text))
        let events = envelopes.map(\.event)
        guard case .finished = outcome else {
            Issue.record("the run did not finish: \(outcome)")
            return
        }
        guard case let .runStarted(_, _, _, _, _, _, method) = events.first else {
            Issue.record("no runStarted")
            return
        }
        #expect(method == .text)
        let stages = events.compactMap { event -> String? in
            if case let .stageStarted(agent, round, kind) = event { return "\(agent) r\(round) \(kind.rawValue)" }
            return nil
        }
        #expect(stages == ["planner r1 decode", "critic r1 decode", "solver r1 decode",
                           "planner r2 decode", "critic r2 decode", "solver r2 decode"])
        #expect(!events.contains { if case .hop = $0 { true } else if case .latentStep = $0 { true } else { false } })
        #expect(!events.contains { if case .warning = $0 { true } else { false } })
        let answers = events.compactMap { event -> (Int?, Bool)? in
            if case let .answer(_, _, round, isFinal) = event { return (round, isFinal) }
            return nil
        }
        #expect(answers.map(\.0) == [1, 2] && answers.map(\.1) == [false, true])

        func tokens(_ agent: String, round: Int) -> [MASEvent] {
            events.filter { if case let .token(a, r, _, _, _) = $0 { a == agent && r == round } else { false } }
        }
        let plannerText = tokens("planner", round: 1).map { if case let .token(_, _, text, _, _) = $0 { text } else { "" } }
            .joined().trimmingCharacters(in: .whitespacesAndNewlines)
        guard case let .token(_, _, _, criticFirst, _)? = tokens("critic", round: 1).first else {
            Issue.record("the critic decoded nothing")
            return
        }
        let critic = try #require(system.agent(role: "critic"))
        let prompt = try StagePrompt.segments(for: StyleFamily.sequential.stages(round: 1, of: 2, method: .text)[1], of: critic,
                                              question: RunnerTests.question, filling: [.text(plannerText)])
        let logits = try #require(try ModelContext(model: critic.model).prefill(prompt).logits)
        let greedy = logits.indices.max { logits[$0] < logits[$1] }
        #expect(greedy == criticFirst)
    }

    /// A single run: one round, one decode of the closing agent, no link in sight.
    @Test func aSingleRunIsOneDecodeOfTheClosingAgent() async throws {
        let system = try RunnerTests.load(rounds: 3)
        let (envelopes, outcome) = try await RunnerTests.collect(system, options: RunOptions(method: .single))
        let events = envelopes.map(\.event)
        guard case .finished = outcome, case let .runStarted(_, _, _, rounds, _, _, method) = events.first else {
            Issue.record("the run did not finish: \(outcome)")
            return
        }
        #expect(rounds == 1 && method == .single)
        let stages = events.compactMap { event -> String? in
            if case let .stageStarted(agent, _, kind) = event { return "\(agent) \(kind.rawValue)" }
            return nil
        }
        #expect(stages == ["solver decode"])
        #expect(!events.contains { if case .warning = $0 { true } else { false } })
    }

    /// Latent with decoding every round: an answer per round, the last one final, and the latents still
    /// travel back (the hops are those of a run without it).
    @Test func decodingEveryRoundAnswersEachRound() async throws {
        let system = try RunnerTests.load(rounds: 3)
        let (every, _) = try await RunnerTests.collect(system, options: RunOptions(decodeEveryRound: true))
        let (plain, _) = try await RunnerTests.collect(system)
        func answers(_ envelopes: [MASEventEnvelope]) -> [String] {
            envelopes.compactMap { if case let .answer(_, _, round, isFinal) = $0.event { "\(round ?? 0) \(isFinal)" } else { nil } }
        }
        func hops(_ envelopes: [MASEventEnvelope]) -> [String] {
            envelopes.compactMap { if case let .hop(link, _, _, round, _, _, _) = $0.event { "\(link) r\(round)" } else { nil } }
        }
        #expect(answers(every) == ["1 false", "2 false", "3 true"])
        #expect(answers(plain) == ["3 true"])
        #expect(hops(every) == hops(plain))
    }

    /// Each hop step carries the cosine with the step before (none at step 1) and with the previous
    /// round's latent at the same step (none in round 1).
    @Test func hopStepsCarryTheCollapseSignals() async throws {
        let system = try RunnerTests.load(rounds: 2)
        let (envelopes, _) = try await RunnerTests.collect(system)
        let hops = envelopes.compactMap { envelope -> (Int, [HopStep])? in
            if case let .hop(_, _, _, round, perStep, _, _) = envelope.event { return (round, perStep) }
            return nil
        }
        #expect(hops.count == 5)
        for (round, steps) in hops {
            #expect(steps.first?.stepCosine == nil)
            #expect(steps.dropFirst().allSatisfy { ($0.stepCosine ?? 2) >= -1.0001 && ($0.stepCosine ?? 2) <= 1.0001 })
            #expect(steps.allSatisfy { round == 1 ? $0.roundCosine == nil : $0.roundCosine != nil })
        }
    }

    // MARK: collapse, change, summary

    @Test func cosineIsThatOfTheVectors() {
        #expect(abs(LatentCollapse.cosine([1, 0], [1, 1]) - 0.70710678) < 1e-6)
        #expect(LatentCollapse.cosine([1, 2], [-2, -4]) == -1)
        #expect(LatentCollapse.cosine([0, 0], [1, 1]) == 0)
    }

    @Test func aCollapseIsNearlyIdenticalStepsOrOneNearestToken() {
        func steps(_ cosine: Float, count: Int = 8) -> [HopStep] {
            (0..<count).map { HopStep(raw: 1, afterInner: 1, afterOuter: 1, stepCosine: $0 == 0 ? nil : cosine) }
        }
        #expect(LatentCollapse.diagnosis(perStep: steps(0.999), peek: nil)?.contains("mean cosine 0.999 over 8 steps") == true)
        #expect(LatentCollapse.diagnosis(perStep: steps(0.95), peek: nil) == nil)
        #expect(LatentCollapse.diagnosis(perStep: steps(0.999, count: 3), peek: nil) == nil)
        let same = NearestToken(tokenId: 7, text: " the", cosine: 0.3), other = NearestToken(tokenId: 8, text: "x", cosine: 0.2)
        let repeated = Array(repeating: [same], count: 9) + [[other]]
        #expect(LatentCollapse.diagnosis(perStep: steps(0.5, count: 10), peek: repeated) == "9 of 10 latents are nearest the same token \" the\"")
        let varied = Array(repeating: [same], count: 8) + [[other], [other]]
        #expect(LatentCollapse.diagnosis(perStep: steps(0.5, count: 10), peek: varied) == nil)
    }

    @Test func anAnswerChangeMarksTheWordsThatChanged() {
        let change = AnswerChange(from: "so the answer is 41 today", to: "so the answer is 42 today")
        #expect(change.marked() == "so the answer is [-41-] {+42+} today")
        #expect(change.removedWords == 1 && change.addedWords == 1 && !change.isUnchanged)
        #expect(AnswerChange(from: "a  b\nc", to: "a b c").isUnchanged)
        let long = (1...20).map(String.init).joined(separator: " ")
        #expect(AnswerChange(from: long, to: long + " end").marked() == "1 2 3 … 18 19 20 {+end+}")
    }

    @Test func aRunSummaryFoldsTheEventsAndComparisonsSaveAgainstText() {
        let latent = RunSummary(events: [
            .runStarted(style: "s", agents: [], links: [], rounds: 2, latentSteps: 2, question: "q", method: .latent),
            .stageStarted(agent: "planner", round: 1, kind: .latent),
            .latentStep(agent: "planner", round: 1, step: 1, hiddenNorm: 1),
            .latentStep(agent: "planner", round: 1, step: 2, hiddenNorm: 1),
            .stageFinished(agent: "planner", round: 1, tokens: 0, seconds: 0.5),
            .stageStarted(agent: "solver", round: 1, kind: .decode),
            .stageFinished(agent: "solver", round: 1, tokens: 10, seconds: 1),
            .answer(text: "41", extracted: "41", round: 1, isFinal: false),
            .warning(agent: "solver", message: "full"),
            .answer(text: "It is \\boxed{42}", extracted: "42", round: 2, isFinal: true),
            .runFinished(seconds: 2, stats: RunStats(decodedTokens: 10, latentSteps: 2, toolCalls: 0)),
        ])
        #expect(latent.agents == [RunSummary.AgentWork(name: "planner", tokens: 0, latentSteps: 2, seconds: 0.5),
                                  RunSummary.AgentWork(name: "solver", tokens: 10, latentSteps: 0, seconds: 1)])
        #expect(latent.roundAnswers == [RunSummary.RoundAnswer(round: 1, text: "41", extracted: "41")])
        #expect(latent.extracted == "42" && latent.seconds == 2 && latent.warnings == ["solver: full"])
        var text = RunSummary(events: [.runStarted(style: "s", agents: [], links: [], rounds: 2, latentSteps: 2, question: "q", method: .text),
                                       .stageStarted(agent: "solver", round: 1, kind: .decode),
                                       .stageFinished(agent: "solver", round: 1, tokens: 40, seconds: 4),
                                       .answer(text: "42 ", extracted: " 42", round: 2, isFinal: true),
                                       .runFinished(seconds: 5, stats: RunStats(decodedTokens: 40, latentSteps: 0, toolCalls: 0))])
        let comparison = MethodComparison(runs: [latent, text])
        #expect(comparison.agree == true)
        let saving = comparison.saving(of: .latent, against: .text)
        #expect(saving?.tokens == 0.75 && saving?.seconds == 0.6)
        text.extracted = "41"
        #expect(MethodComparison(runs: [latent, text]).agree == false)
    }
}
