import Foundation
import Testing

/// The built `mastui styles`: what a style needs and whether it runs here, before anything loads.
@Suite struct StylesCommandTests {
    static func styles(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try MastuiCommand.run(["styles"] + arguments, environment: ["HF_HUB_CACHE": "/nonexistent"])
        return (result.status, String(decoding: result.output, as: UTF8.self))
    }

    @Test func aStyleWithItsCheckpointsIsReadyAndSaysWhereTheyAre() throws {
        let folder = ReleasedSystemsTests.folder.appendingPathComponent("mixture")
        let result = try Self.styles([folder.appendingPathComponent("mastui-style.toml").path, "--checkpoints", folder.path])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "released_tiny_mixture (mixture): ready", "\(result.output)")
        #expect(lines.contains { $0.contains("summarizer") && $0.contains("qwen3_5_text · 177.9K · H 80")
                && $0.hasSuffix("RecursiveMAS/Mixture-Summarizer-Qwen3.5-2B") }, "\(result.output)")
        #expect(lines.contains { $0.hasPrefix("  outer links RecursiveMAS/Mixture-Outerlinks  /") })
    }

    @Test func missingCheckpointsComeWithTheirDownloadCommandInJSON() throws {
        let result = try Self.styles(["sequential_scaled", "--json"])
        #expect(result.status == 0)
        let entries = try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        let readiness = try #require(entries.first?["readiness"] as? [String: Any])
        #expect(readiness["canRun"] as? Bool == false)
        let agents = try #require(readiness["agents"] as? [[String: Any]])
        #expect(agents.map { $0["architecture"] as? String } == ["gemma3_text", "llama", "qwen3_5_text"])
        #expect(agents.map { $0["fetchCommand"] as? String } == [
            "huggingface-cli download RecursiveMAS/Sequential-Scaled-Planner-Gemma3-4B",
            "huggingface-cli download RecursiveMAS/Sequential-Scaled-Critic-Llama3.2-3B",
            "huggingface-cli download RecursiveMAS/Sequential-Scaled-Solver-Qwen3.5-4B"])
        #expect(readiness["weightBytes"] as? Int == 2 * 11_500_000_000)
    }

    @Test func anUnknownStyleFails() throws {
        let result = try Self.styles(["no_such_style"])
        #expect(result.status == 1 && result.output.hasPrefix("no_such_style  error: no style named \"no_such_style\""))
    }
}
