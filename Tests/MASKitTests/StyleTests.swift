import Foundation
import MASKit
import Testing

@Suite("Style files")
struct StyleTests {
    static let stylesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("styles")

    static let minimal = """
        family = "distillation"
        [agents.expert]
        model = "a.gguf"
        prompt = "Plan: {question}"
        feedback_prompt = '''
        Feedback:
        <<DISTILL_FEEDBACK_SLOT>>
        {question}'''
        [agents.learner]
        model = "b.gguf"
        prompt = '''
        Plan:
        <<DISTILL_EXPERT_SLOT>>
        Solve {question}'''
        """

    /// Slot markers must stand alone on their lines, once each (the rendered prompt is cut there).
    @Test(arguments: [
        ("Plan:\n<<DISTILL_EXPERT_SLOT>>\nSolve", "Plan: <<DISTILL_EXPERT_SLOT>> Solve"),
        ("Plan:\n<<DISTILL_EXPERT_SLOT>>\nSolve", "Plan:\n<<DISTILL_EXPERT_SLOT>>\nagain\n<<DISTILL_EXPERT_SLOT>>\nSolve"),
        ("Plan:\n<<DISTILL_EXPERT_SLOT>>\nSolve", "Plan:\n<<DISTILL_EXPERT_SLOT>>.\nSolve"),
    ])
    func slotMarkersMustStandAloneOnce(_ valid: String, _ invalid: String) throws {
        let good = Self.minimal.replacingOccurrences(of: "Plan:\n<<DISTILL_EXPERT_SLOT>>\nSolve", with: valid)
        #expect(throws: Never.self) { try Style(toml: good) }
        let bad = Self.minimal.replacingOccurrences(of: "Plan:\n<<DISTILL_EXPERT_SLOT>>\nSolve", with: invalid)
        #expect(throws: RecursionError("agents.learner.prompt must hold the slot marker(s) <<DISTILL_EXPERT_SLOT>>, each alone on its line, in that order")) {
            try Style(toml: bad)
        }
    }

    @Test func builtInStylesAreValid() throws {
        let catalog = StyleCatalog(directories: [Self.stylesDirectory])
        let names = catalog.names()
        #expect(Set(names) == ["tiny_sequential", "tiny_mixture", "tiny_distillation", "tiny_deliberation",
                               "sequential_light", "sequential_scaled", "mixture", "distillation", "deliberation"])
        for name in names {
            let style = try Style(contentsOf: try catalog.file(for: name))
            #expect(style.name == name)
            #expect(style.agents.map(\.role) == style.family.roles)
            #expect(Set(style.links.keys) == Set(style.family.links.map(\.key)))
            #expect(style.agents.allSatisfy { $0.sampling.temperature == 0.6 && $0.sampling.topP == 0.95 })
        }
    }

    @Test func tinySequentialIsHeterogeneous() throws {
        let models = ModelDirectory(environment: ["MASTUI_MODELS": "/models"])
        let style = try Style(contentsOf: Self.stylesDirectory.appendingPathComponent("tiny_sequential.toml"), models: models)
        #expect(style.family == .sequential)
        #expect((style.rounds, style.latentSteps, style.maxNewTokens) == (3, 16, 128))
        #expect(style.agents.map(\.model) == [.file(URL(fileURLWithPath: "/models/SmolLM2-135M-Instruct.Q4_1.gguf")),
                                              .file(URL(fileURLWithPath: "/models/gemma-3-270m-q4_k_m.gguf")),
                                              .file(URL(fileURLWithPath: "/models/SmolLM2-135M-Instruct.Q4_1.gguf"))])
        #expect(style.agent(role: "critic")?.chatTemplate == "gemma")
        #expect(style.agents.allSatisfy { $0.innerLink == .fit })
        #expect(style.agent(role: "solver")?.prompt.contains(#"\boxed{}"#) == true)
    }

    @Test func releasedStylesNameTheirRepositories() throws {
        let style = try Style(contentsOf: Self.stylesDirectory.appendingPathComponent("sequential_light.toml"))
        #expect(style.agents.map(\.model) == [.repository("RecursiveMAS/Sequential-Light-Planner-Qwen3-1.7B"),
                                              .repository("RecursiveMAS/Sequential-Light-Critic-Llama3.2-1B"),
                                              .repository("RecursiveMAS/Sequential-Light-Solver-Qwen2.5-Math-1.5B")])
        #expect(style.outerLinksRepository == "RecursiveMAS/Sequential-Light-Outerlinks")
        #expect(style.checkpointTask == "math")
        #expect(style.latentSteps == 48)
        let mixture = try Style(contentsOf: Self.stylesDirectory.appendingPathComponent("mixture.toml"))
        #expect(mixture.decodeEveryRound)
        #expect(mixture.checkpointTask == nil)
    }

    @Test func defaultsAndPaths() throws {
        let models = ModelDirectory(environment: ["MASTUI_MODELS": "/m"])
        let style = try Style(toml: Self.minimal + "\n[links]\nouter_el = \"identity\"\nouter_le = \"./le.pt\"\n",
                              file: URL(fileURLWithPath: "/styles/mine.toml"), models: models)
        #expect(style.name == "mine")
        #expect((style.rounds, style.latentSteps, style.maxNewTokens) == (3, 32, 2000))
        #expect(style.agents[0].systemPrompt == "You are a helpful assistant.")
        #expect(style.agents[0].sampling == SamplingSettings(temperature: 0.6, topK: 0, topP: 0.95, seed: 42))
        #expect(style.agents[0].model == .file(URL(fileURLWithPath: "/m/a.gguf")))
        #expect(style.links["outer_el"] == .identity)
        #expect(style.links["outer_le"] == .file(URL(fileURLWithPath: "/styles/le.pt")))
    }

    @Test(arguments: [
        ("family = \"chain\"\n", "family \"chain\" is not one of"),
        ("rounds = 0\n", "rounds must be at least 1"),
        ("colour = \"red\"\n", "unknown key colour"),
        ("latent_steps = \"many\"\n", "latent_steps is missing or has the wrong type"),
        ("[sampling]\ntop_p = 1.5\n", "sampling: invalid sampling setting: top_p"),
        ("[links]\nouter_xy = \"fit\"\n", "links.outer_xy"),
        ("[links]\nouter_el = \"repo\"\n", "needs [checkpoints] outer_links"),
        ("[tools]\nmax_calls = 0\n", "tools.max_calls must be at least 1"),
        ("[tools]\npython_timeout = -1.0\n", "tools.python_timeout must be a number of seconds in (0, 600]"),
        ("[tools]\npython_timeout = 1e9\n", "tools.python_timeout must be a number of seconds in (0, 600]"),
        ("[tools]\nmax_calls = 1000000\n", "tools.max_calls must be at most 100, not 1000000"),
        ("[tools]\nresult_max_chars = 9223372036854775807\n", "tools.result_max_chars must be at most 1000000"),
        ("rounds = 1000000000\n", "rounds must be at most 64, not 1000000000"),
        ("latent_steps = 100000\n", "latent_steps must be at most 4096, not 100000"),
        ("max_new_tokens = 9223372036854775807\n", "max_new_tokens must be at most 1048576"),
        ("[answer_retry]\nmax_new_tokens = 99999999\n", "answer_retry.max_new_tokens must be at most 1048576"),
        ("[sampling]\ntemperature = inf\n", "sampling: invalid sampling setting: temperature"),
        ("[sampling]\ntop_k = -5\n", "sampling: invalid sampling setting: top_k"),
        ("[answer_retry]\nmax_new_tokens = 0\n", "answer_retry.max_new_tokens must be at least 1"),
        ("[answer_retry]\ntries = 2\n", "unknown key answer_retry.tries"),
        ("[answer_retry]\ntask = \"essay\"\n", "answer_retry.task must be one of math, choice, code, not essay"),
    ])
    func badFilesGiveOneLineErrors(_ change: String, _ expected: String) {
        // Top-level keys go before the first table; tables go after the agents.
        let text = change.hasPrefix("[") ? Self.minimal + "\n" + change
            : change + Self.minimal.replacingOccurrences(of: "family = \"distillation\"\n", with: change.hasPrefix("family") ? "" : "family = \"distillation\"\n")
        do {
            _ = try Style(toml: text)
            Issue.record("accepted: \(change)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func toolsAndAnswerRetrySettings() throws {
        let tiny = try Style(contentsOf: Self.stylesDirectory.appendingPathComponent("tiny_deliberation.toml"))
        #expect(tiny.agent(role: "toolcaller")?.tools == [.python, .search])
        #expect(tiny.agent(role: "reflector")?.tools == [])
        #expect(tiny.tools.limits == ToolLimits(maxCallsPerAnswer: 5, resultMaxCharacters: 6_000))
        #expect(tiny.tools.pythonTimeout == 10 && tiny.tools.corpus == nil)
        #expect(tiny.answerRetry == Style.AnswerRetry(isEnabled: true, suffix: #"Final Answer: \boxed{"#, maxNewTokens: 16))

        let text = Self.minimal.replacingOccurrences(of: "model = \"b.gguf\"", with: "model = \"b.gguf\"\ntools = [\"Python\"]")
            + "\n[tools]\nmax_calls = 2\nresult_max_chars = 100\ncorpus = \"./notes\"\n"
            + "[answer_retry]\nenabled = false\nsuffix = \"Final Choice: \\\\boxed{\"\n"
        let style = try Style(toml: text, file: URL(fileURLWithPath: "/styles/mine.toml"))
        #expect(style.agent(role: "learner")?.tools == [.python])
        #expect(style.tools.limits == ToolLimits(maxCallsPerAnswer: 2, resultMaxCharacters: 100))
        #expect(style.tools.corpus == URL(fileURLWithPath: "/styles/notes"))
        #expect(style.answerRetry == Style.AnswerRetry(isEnabled: false, suffix: #"Final Choice: \boxed{"#, maxNewTokens: 16))

        // The reference's retry per task (spec §6): suffix and length, code at least 256 tokens.
        let retry = { (table: String) throws -> Style.AnswerRetry in
            try Style(toml: Self.minimal + "\n[answer_retry]\n" + table).answerRetry
        }
        let choice = try retry("task = \"choice\"\n")
        #expect(choice.task == .choice && choice.suffix == #"Final Choice: \boxed{"# && choice.maxNewTokens == 16)
        let code = try retry("task = \"code\"\nmax_new_tokens = 64\n")
        #expect(code.task == .code && code.maxNewTokens == 256)
        #expect(code.suffix == "Your previous output format was invalid. Now output only final code and nothing else.\nFinal Code:\n```python\n")
        #expect(try retry("task = \"code\"\nmax_new_tokens = 300\n").maxNewTokens == 300)
    }

    @Test func toolsAreKnownAndOnlyForTheDecodingAgent() {
        let unknown = Self.minimal.replacingOccurrences(of: "model = \"b.gguf\"", with: "model = \"b.gguf\"\ntools = [\"shell\"]")
        #expect(throws: RecursionError("agents.learner.tools: unknown tool 'shell' (known tools: python, search)")) {
            try Style(toml: unknown)
        }
        let latentOnly = Self.minimal.replacingOccurrences(of: "model = \"a.gguf\"", with: "model = \"a.gguf\"\ntools = [\"search\"]")
        #expect(throws: RecursionError("agents.expert.tools: the expert never decodes text, so it cannot call tools (only learner can)")) {
            try Style(toml: latentOnly)
        }
    }

    @Test func promptsMustHoldTheirSlots() {
        let noSlot = Self.minimal.replacingOccurrences(of: "<<DISTILL_EXPERT_SLOT>>", with: "(plan)")
        #expect(throws: RecursionError("agents.learner.prompt must hold the slot marker(s) <<DISTILL_EXPERT_SLOT>>, each alone on its line, in that order")) {
            try Style(toml: noSlot)
        }
        let noFeedback = Self.minimal.replacingOccurrences(of: "feedback_prompt", with: "# feedback_prompt")
            .replacingOccurrences(of: "<<DISTILL_FEEDBACK_SLOT>>\n{question}'''", with: "")
        #expect(throws: RecursionError("agents.expert.feedback_prompt is missing (needed from round 2 on)")) {
            try Style(toml: "rounds = 2\n" + noFeedback.replacingOccurrences(of: "Feedback:\n", with: ""))
        }
        #expect(throws: Never.self) { try Style(toml: "rounds = 1\n" + Self.minimal) }
        #expect(throws: RecursionError("missing agent [agents.learner]")) {
            try Style(toml: "family = \"distillation\"\n[agents.expert]\nmodel = \"a\"\nprompt = \"x\"\n")
        }
    }

    @Test func missingFamily() {
        #expect(throws: RecursionError("family is missing or has the wrong type")) { try Style(toml: "rounds = 2\n") }
    }

    @Test func tomlSyntaxErrorsNameTheLine() {
        do {
            _ = try Style(toml: "family = \"sequential\"\nrounds = = 3\n")
            Issue.record("accepted bad TOML")
        } catch {
            #expect(error.description.hasPrefix("line 2:"), "\(error.description)")
        }
    }

    @Test func unknownStyleNamesListTheKnownOnes() {
        let catalog = StyleCatalog(directories: [Self.stylesDirectory])
        #expect(throws: RecursionError.self) { try catalog.file(for: "nope") }
        do {
            _ = try catalog.file(for: "nope")
        } catch {
            #expect(error.description.contains("tiny_sequential"))
        }
    }
}

@Suite("Style schedules")
struct StyleFamilyTests {
    /// Stage counts of the reference pipelines with R = 3 (spec §4.2–4.6).
    @Test func sequentialRunsEightRolloutsAndOneDecode() {
        let stages = (1...3).flatMap { StyleFamily.sequential.stages(round: $0, of: 3) }
        #expect(stages.map { "\($0.role):\($0.kind.rawValue)" } == [
            "planner:latent", "critic:latent", "solver:feedback",
            "planner:latent", "critic:latent", "solver:feedback",
            "planner:latent", "critic:latent", "solver:decode",
        ])
        #expect(stages[0].slots.isEmpty && stages[0].prompt == .main)
        #expect(stages[3].slots == [.init(marker: "<<LATENT_FEEDBACK_SLOT>>", link: "outer_31")] && stages[3].prompt == .feedback)
        #expect(stages[2].sends == ["outer_31"] && stages[8].sends.isEmpty)
    }

    @Test func mixtureSummarizerDecodesEveryRoundOnlyWhenAsked() {
        let reference = (1...3).flatMap { StyleFamily.mixture.stages(round: $0, of: 3, decodeEveryRound: true) }
        #expect(reference.filter { $0.role == "summarizer" && $0.kind == .decode }.count == 3)
        #expect(reference.filter { $0.role == "summarizer" && $0.kind == .feedback }.count == 2)
        #expect(reference.filter { $0.kind == .latent }.count == 9)
        let lean = (1...3).flatMap { StyleFamily.mixture.stages(round: $0, of: 3) }
        #expect(lean.filter { $0.kind == .decode }.count == 1)
        #expect(lean.last?.slots.map(\.link) == ["outer_1s", "outer_2s", "outer_3s"])
        #expect(reference[4].sends == ["outer_s1", "outer_s2", "outer_s3"])
    }

    @Test func twoAgentFamilies() {
        for family in [StyleFamily.distillation, .deliberation] {
            let stages = (1...3).flatMap { family.stages(round: $0, of: 3) }
            #expect(stages.map(\.kind) == [.latent, .feedback, .latent, .feedback, .latent, .decode])
            let links = family.links.map(\.key)
            #expect(stages[0].sends == [links[0]] && stages[1].sends == [links[1]])
            #expect(stages[2].slots.map(\.link) == [links[1]])
        }
    }
}
