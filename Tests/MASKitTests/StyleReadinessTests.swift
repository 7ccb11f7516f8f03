import Foundation
import MASKit
import Testing

/// What `mastui styles` and the style picker know before loading: from the checkpoints' headers when they are
/// there, from the style's declarations when they are not.
@Suite struct StyleReadinessTests {
    static let released = TestSupport.fixture("released-tiny")
    static let emptyCache = ["HF_HUB_CACHE": "/nonexistent"]

    static func loader(checkpoints: URL?) -> SystemLoader {
        SystemLoader(checkpoints: CheckpointResolver(checkpointsDirectory: checkpoints, environment: emptyCache))
    }

    @Test func presentCheckpointsAreReadFromTheirHeaders() throws {
        let folder = Self.released.appendingPathComponent("distillation")
        let style = try Style(contentsOf: folder.appendingPathComponent("mastui-style.toml"))
        let readiness = Self.loader(checkpoints: folder).readiness(of: style)
        #expect(readiness.canRun && readiness.problems.isEmpty)
        let expert = try #require(readiness.agents.first)
        #expect(expert.architecture == "qwen3_5_text" && expert.hiddenSize == 96 && expert.supported == true)
        let weights = try SafetensorsCheckpoint(directory: folder.appendingPathComponent("RecursiveMAS/Distillation-Expert-Qwen3.5-9B"))
        #expect(expert.weightBytes == weights.byteCount)
        #expect(expert.parameters == weights.tensorNames.compactMap(weights.info(named:)).reduce(0) { $0 + $1.elementCount })
        #expect(expert.location?.hasSuffix("RecursiveMAS/Distillation-Expert-Qwen3.5-9B") == true && expert.fetchCommand == nil)
        #expect(readiness.outerLinks?.location != nil)
        #expect(readiness.weightBytes == readiness.agents.compactMap(\.weightBytes).reduce(0, +))
    }

    /// Missing released checkpoints: the declared architecture and size, a bf16 memory estimate, and the
    /// download command of each missing repository.
    @Test func missingCheckpointsComeWithWhatTheStyleDeclaresAndTheFetchCommand() throws {
        let style = try Style(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../styles/sequential_light.toml").standardizedFileURL)
        let readiness = Self.loader(checkpoints: nil).readiness(of: style)
        #expect(!readiness.canRun)
        #expect(readiness.agents.map(\.architecture) == ["qwen3", "llama", "qwen2"])
        #expect(readiness.agents.map(\.parameters) == [1_700_000_000, 1_200_000_000, 1_500_000_000])
        #expect(readiness.weightBytes == 2 * 4_400_000_000)
        #expect(readiness.agents[0].fetchCommand == "huggingface-cli download RecursiveMAS/Sequential-Light-Planner-Qwen3-1.7B")
        #expect(readiness.outerLinks?.fetchCommand == "huggingface-cli download RecursiveMAS/Sequential-Light-Outerlinks")
        #expect(readiness.problems.count == 4)
    }

    /// An architecture the engine does not run: said so, and no download is offered for it.
    @Test func unsupportedArchitecturesAreNamedAndNotOfferedForDownload() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("readiness-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("RecursiveMAS/Odd")
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestSupport.fixture("hf-tiny/qwen3"), to: folder)
        let config = folder.appendingPathComponent("config.json")
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: #""model_type": "qwen3""#, with: #""model_type": "mamba2""#)
            .write(to: config, atomically: true, encoding: .utf8)
        let file = root.appendingPathComponent("style.toml")
        try Self.distillationStyle(expert: #"model = "hf:RecursiveMAS/Odd""#,
                                   learner: #"model = "hf:RecursiveMAS/Gone"\#narchitecture = "rwkv7"\#nparameters = "3B""#)
            .write(to: file, atomically: true, encoding: .utf8)
        let readiness = Self.loader(checkpoints: root).readiness(of: try Style(contentsOf: file))
        let (odd, gone) = (readiness.agents[0], readiness.agents[1])
        #expect(odd.supported == false && odd.location != nil && odd.problem?.contains("architecture mamba2 is not supported") == true)
        #expect(gone.supported == false && gone.location == nil && gone.fetchCommand == nil)
        #expect(gone.problem == "rwkv7 is not supported, and its checkpoint is missing")
        #expect(readiness.problems.count == 2)
        #expect(readiness.weightBytes == (odd.weightBytes ?? 0) + 6_000_000_000)
    }

    @Test func declaredParameterCountsAreChecked() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("params-\(UUID().uuidString).toml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.distillationStyle(expert: #"model = "hf:A/B"\#nparameters = "lots""#, learner: #"model = "hf:A/C""#)
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: RecursionError("\(file.path): agents.expert.parameters must be a parameter count such as \"1.7B\" or \"135M\", not \"lots\"")) {
            try Style(contentsOf: file)
        }
    }

    /// A distillation style with identity links whose agents' tables start with the given lines.
    static func distillationStyle(expert: String, learner: String) -> String {
        """
        family = "distillation"
        [agents.expert]
        \(expert)
        inner_link = "identity"
        prompt = "{question}"
        feedback_prompt = '''
        <<DISTILL_FEEDBACK_SLOT>>
        {question}'''
        [agents.learner]
        \(learner)
        inner_link = "identity"
        prompt = '''
        <<DISTILL_EXPERT_SLOT>>
        {question}'''
        [links]
        outer_el = "identity"
        outer_le = "identity"
        """
    }
}
