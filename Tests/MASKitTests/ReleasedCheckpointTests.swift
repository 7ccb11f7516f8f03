import Foundation
import MASKit
import Testing

/// Styles naming released checkpoints, on tiny Hugging Face checkpoints (Tests/Fixtures/hf-tiny) laid out
/// as the released repositories are (spec §1.5): agent folders with config, safetensors, tokenizer,
/// adapter_config.json, innerlink_config.json and `adapter(math).pt`; an outer-link folder with its
/// task-scoped outerlink_config.json.
@Suite("Released checkpoint layout", .serialized)
struct ReleasedCheckpointTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-released-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    private func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    /// `RecursiveMAS/<name>`: a copy of an hf-tiny model with a task-scoped inner link beside it.
    private func agentRepository(_ name: String, architecture: String) throws {
        let folder = root.appendingPathComponent("RecursiveMAS/\(name)")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.fixture("hf-tiny/\(architecture)"), to: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("expected.json"))
        try FileManager.default.copyItem(at: LinkFixtures.url("adapter(math).pt"), to: folder.appendingPathComponent("adapter(math).pt"))
        try write(#"{"adapter_type": "ln_res_adapter"}"#, to: folder.appendingPathComponent("adapter_config.json"))
        try write(#"{"format_version": 1, "paradigm": "distillation", "role": "\#(name)", "shared_files": [], "tasks": {"math": {"adapter.pt": "adapter(math).pt"}}}"#,
                  to: folder.appendingPathComponent("innerlink_config.json"))
        try write("# \(name)\n", to: folder.appendingPathComponent("README.md"))
    }

    /// `RecursiveMAS/Distill-Outerlinks`: outer links 64 → 64 (bfloat16) under a task-scoped manifest.
    private func outerRepository() throws {
        let folder = root.appendingPathComponent("RecursiveMAS/Distill-Outerlinks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var entries: [String] = []
        for (key, file, seed) in [("outer_el", "Expert-Learner-Outerlink(math).safetensors", UInt64(1)),
                                  ("outer_le", "Learner-Expert-Outerlink(math).safetensors", 2)] {
            let link = RecursiveLink.outer(try OuterLink.freshlyInitialised(inputSize: 64, outputSize: 64, seed: seed))
            try SafetensorsWriter.write(link.parameters, dtype: .bf16, to: folder.appendingPathComponent(file))
            entries.append(#"{"legacy_key": "\#(key)", "filename": "\#(file)", "adapter_type": "outer_ln_res_adapter", "in_dim": 64, "out_dim": 64}"#)
        }
        try write(#"{"format_version": 1, "paradigm": "distillation", "tasks": {"math": {"task": "math", "adapters": [\#(entries.joined(separator: ", "))]}}}"#,
                  to: folder.appendingPathComponent("outerlink_config.json"))
    }

    private func style(family: String, _ agents: [(role: String, repository: String, prompt: String)],
                       outer: String, links: [String]) throws -> Style {
        var toml = """
            family = "\(family)"
            rounds = 2
            latent_steps = 2
            max_new_tokens = 3
            [checkpoints]
            outer_links = "RecursiveMAS/\(outer)"
            task = "math"
            [answer_retry]
            enabled = false

            """
        for agent in agents {
            toml += "[agents.\(agent.role)]\nmodel = \"hf:RecursiveMAS/\(agent.repository)\"\ninner_link = \"repo\"\n\(agent.prompt)\n"
        }
        toml += "[links]\n" + links.map { "\($0) = \"repo\"\n" }.joined()
        return try Style(toml: toml)
    }

    private var loader: SystemLoader {
        SystemLoader(checkpoints: CheckpointResolver(checkpointsDirectory: root, environment: ["HF_HUB_CACHE": root.appendingPathComponent("hub").path]))
    }

    private static let expertPrompt = """
        prompt = "Plan for {question}"
        feedback_prompt = '''
        Feedback:
        <<DISTILL_FEEDBACK_SLOT>>
        Plan again for {question}'''
        """
    private static let learnerPrompt = """
        prompt = '''
        Plan:
        <<DISTILL_EXPERT_SLOT>>
        Solve {question}'''
        """

    @Test func distillationRunsOnHuggingFaceFolders() async throws {
        try agentRepository("Distill-Expert", architecture: "llama")
        try agentRepository("Distill-Learner", architecture: "qwen2")
        try outerRepository()
        let style = try style(family: "distillation", [("expert", "Distill-Expert", Self.expertPrompt),
                                                       ("learner", "Distill-Learner", Self.learnerPrompt)],
                              outer: "Distill-Outerlinks", links: ["outer_el", "outer_le"])
        let system = try loader.load(style)
        #expect(system.warnings.isEmpty)
        #expect(system.agents.map(\.modelName) == ["RecursiveMAS/Distill-Expert", "RecursiveMAS/Distill-Learner"])
        // The inner link is the repository's adapter(math).pt: PyTorch's outputs on the fixture inputs.
        let expected = try LinkFixtures.expected()
        for agent in system.agents {
            let out = try agent.inner.apply(each: expected.x)
            for (row, want) in zip(out, expected.innerOut) {
                #expect(zip(row, want).allSatisfy { abs($0 - $1) <= 1e-4 })
            }
        }

        let runner = try Runner(system: system, question: "What is 17 + 5?")
        async let outcome = runner.run()
        var events: [MASEvent] = []
        for await envelope in runner.events { events.append(envelope.event) }
        guard case .finished = await outcome else {
            Issue.record("the run did not finish: \(events.last.map { "\($0)" } ?? "")")
            return
        }
        guard case let .runStarted(_, agents, _, _, _, _, _) = events.first else {
            Issue.record("no runStarted")
            return
        }
        #expect(agents == [AgentInfo(name: "expert", model: "RecursiveMAS/Distill-Expert", hiddenSize: 64),
                           AgentInfo(name: "learner", model: "RecursiveMAS/Distill-Learner", hiddenSize: 64)])
        let hops = events.compactMap { event -> String? in
            if case let .hop(link, _, _, round, perStep, _, _) = event, perStep.count == 2 { return "\(link)/\(round)" }
            return nil
        }
        #expect(hops == ["outer_el/1", "outer_le/1", "outer_el/2"])
        #expect(events.contains { if case .answer = $0 { true } else { false } })
    }

    @Test func missingRepositoriesAndUnsupportedArchitecturesAreNamedTogether() throws {
        try agentRepository("Delib-Toolcaller", architecture: "qwen3")
        let config = root.appendingPathComponent("RecursiveMAS/Delib-Toolcaller/config.json")
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: #""model_type": "qwen3""#, with: #""model_type": "mamba2""#)
            .write(to: config, atomically: true, encoding: .utf8)
        let style = try style(
            family: "deliberation",
            [("reflector", "Missing-Reflector", """
              prompt = "Think about {question}"
              feedback_prompt = '''
              Signal:
              <<DELIBERATION_FEEDBACK_SLOT>>
              {question}'''
              """),
             ("toolcaller", "Delib-Toolcaller", """
              prompt = '''
              Signal:
              <<DELIBERATION_REFLECTOR_SLOT>>
              {question}'''
              """)],
            outer: "Delib-Outerlinks", links: ["outer_rt", "outer_tr"])
        do {
            _ = try loader.load(style)
            Issue.record("loaded a style with a missing and an unsupported agent")
        } catch {
            let message = "\(error)"
            #expect(message.contains("reflector (RecursiveMAS/Missing-Reflector): missing repo RecursiveMAS/Missing-Reflector"), "\(message)")
            #expect(message.contains("huggingface-cli download RecursiveMAS/Missing-Reflector"))
            #expect(message.contains("toolcaller (RecursiveMAS/Delib-Toolcaller): architecture mamba2 is not supported yet"), "\(message)")
            #expect(message.contains("outer links: missing repo RecursiveMAS/Delib-Outerlinks"), "\(message)")
            #expect(!message.contains("\n"))
        }
    }
}
