import Foundation
import MASKit
import Testing

/// The offline resolver against fake repository trees written by the test (layouts of spec §1.5).
@Suite("Checkpoint resolver")
struct CheckpointResolverTests {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func write(_ text: String, to path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func findsRepositoriesInTheCheckpointsDirectoryThenTheCache() throws {
        try write("x", to: "ckpt/RecursiveMAS/Planner/adapter.pt")
        try write("x", to: "ckpt/Critic/adapter.pt")
        try write("abc123\n", to: "hub/models--RecursiveMAS--Solver/refs/main")
        try write("x", to: "hub/models--RecursiveMAS--Solver/snapshots/abc123/adapter.pt")
        try write("x", to: "hub/models--RecursiveMAS--Solver/snapshots/old999/adapter.pt")
        let resolver = CheckpointResolver(checkpointsDirectory: root.appendingPathComponent("ckpt"),
                                          environment: ["HF_HUB_CACHE": root.appendingPathComponent("hub").path])
        #expect(try resolver.repository("RecursiveMAS/Planner").path.hasSuffix("ckpt/RecursiveMAS/Planner"))
        #expect(try resolver.repository("RecursiveMAS/Critic").path.hasSuffix("ckpt/Critic"))
        #expect(try resolver.repository("RecursiveMAS/Solver").path.hasSuffix("snapshots/abc123"))
    }

    @Test func missingRepositoriesSayHowToDownload() {
        let resolver = CheckpointResolver(checkpointsDirectory: nil, environment: ["HF_HOME": root.path])
        do {
            _ = try resolver.repository("RecursiveMAS/Nowhere")
            Issue.record("found a repository that does not exist")
        } catch {
            #expect(error.description.hasPrefix("missing repo RecursiveMAS/Nowhere"))
            #expect(error.description.contains(root.appendingPathComponent("hub/models--RecursiveMAS--Nowhere").path))
            #expect(error.description.contains("huggingface-cli download RecursiveMAS/Nowhere"))
        }
    }

    @Test func innerLinkFollowsTheManifestThenTheFileNames() throws {
        let resolver = CheckpointResolver(environment: [:])
        try write(#"{"format_version": 1, "tasks": {"math": {"adapter.pt": "adapter(math).pt"}, "code": {}}}"#,
                  to: "scoped/innerlink_config.json")
        try write("x", to: "scoped/adapter(math).pt")
        try write("x", to: "scoped/adapter.pt")
        let scoped = root.appendingPathComponent("scoped")
        #expect(try resolver.innerLink(in: scoped, task: "math").lastPathComponent == "adapter(math).pt")
        // A task whose entry lacks adapter.pt takes the default name.
        #expect(try resolver.innerLink(in: scoped, task: "code").lastPathComponent == "adapter.pt")
        #expect(try resolver.innerLink(in: scoped, task: nil).lastPathComponent == "adapter.pt")

        try write("x", to: "named/adapter(code).pt")
        #expect(try resolver.innerLink(in: root.appendingPathComponent("named"), task: "code").lastPathComponent == "adapter(code).pt")
        #expect(throws: RecursionError.self) { try resolver.innerLink(in: root.appendingPathComponent("named"), task: "math") }
    }

    @Test func outerLinksComeFromTheManifest() throws {
        let resolver = CheckpointResolver(environment: [:])
        try write("""
            {"format_version": 1, "tasks": {"math": {"task": "math", "adapters": [
              {"legacy_key": "outer_12", "filename": "Planner-Critic-Outerlink(math).pt"},
              {"legacy_key": "outer_23", "filename": "Critic-Solver-Outerlink(math).pt"}]}}}
            """, to: "outer/outerlink_config.json")
        try write("x", to: "outer/Planner-Critic-Outerlink(math).pt")
        try write("x", to: "outer/Critic-Solver-Outerlink(math).pt")
        let outer = root.appendingPathComponent("outer")
        let links = try resolver.outerLinks(in: outer, task: "math")
        #expect(links.mapValues(\.lastPathComponent) == ["outer_12": "Planner-Critic-Outerlink(math).pt",
                                                         "outer_23": "Critic-Solver-Outerlink(math).pt"])
        #expect(throws: RecursionError.self) { try resolver.outerLinks(in: outer, task: nil) }

        try write(#"{"adapters": [{"legacy_key": "outer_rt", "filename": "R-T.pt"}]}"#, to: "free/outerlink_config.json")
        #expect(throws: RecursionError.self) { try resolver.outerLinks(in: root.appendingPathComponent("free"), task: nil) }
        try write("x", to: "free/R-T.pt")
        #expect(try resolver.outerLinks(in: root.appendingPathComponent("free"), task: nil).keys.sorted() == ["outer_rt"])
    }

    @Test func releasedStyleResolvesToTheRepositoriesAndChecksEachModelFolder() throws {
        let style = try Style(contentsOf: StyleTests.stylesDirectory.appendingPathComponent("sequential_light.toml"))
        let loader = SystemLoader(checkpoints: CheckpointResolver(checkpointsDirectory: root, environment: ["HF_HOME": root.path]))
        do {
            _ = try loader.load(style)
            Issue.record("loaded without checkpoints")
        } catch {
            #expect(error.localizedDescription.contains("missing repo RecursiveMAS/Sequential-Light-Planner-Qwen3-1.7B")
                    || "\(error)".contains("missing repo RecursiveMAS/Sequential-Light-Planner-Qwen3-1.7B"))
        }
        try write("{}", to: "RecursiveMAS/Sequential-Light-Planner-Qwen3-1.7B/config.json")
        do {
            _ = try loader.load(style)
            Issue.record("loaded an empty model folder")
        } catch {
            // The planner's folder is found and read (its config is empty); the others are still missing.
            let message = "\(error)"
            #expect(message.contains("Sequential-Light-Planner-Qwen3-1.7B/config.json: missing 'model_type'"))
            #expect(message.contains("missing repo RecursiveMAS/Sequential-Light-Critic-Llama3.2-1B"))
        }
    }
}
