import Foundation
import Testing

/// Runs the built `mastui rollout` on the tiny Hugging Face llama (Tests/Fixtures/hf-tiny/llama), whose
/// expected.json holds PyTorch's post-final-norm hidden-state norms for the same text.
@Suite struct RolloutCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures", isDirectory: true)

    struct Expected: Decodable {
        let text: String
        let input_ids: [Int]
        let hidden_norms_per_position: [Float]
    }

    struct Report: Decodable {
        struct Step: Decodable {
            let step: Int
            let hiddenNorm: Float
            let innerNorm: Float
        }

        let hiddenSize: Int
        let promptTokens: Int
        let inner: String
        let steps: [Step]
    }

    static func rollout(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        try MastuiCommand.run(["rollout"] + arguments)
    }

    @Test func firstStepIsThePromptsLastHiddenStateAsPyTorchComputesIt() throws {
        let model = Self.fixtures.appendingPathComponent("hf-tiny/llama").path
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("hf-tiny/llama/expected.json")))
        let plain = try Self.rollout(["--model", model, "--text", expected.text, "--steps", "3", "--json"])
        #expect(plain.status == 0, "\(plain.errors)")
        let report = try JSONDecoder().decode(Report.self, from: plain.output)
        #expect(report.hiddenSize == 64 && report.promptTokens == expected.input_ids.count && report.inner == "identity")
        #expect(report.steps.map(\.step) == [1, 2, 3])
        let last = try #require(expected.hidden_norms_per_position.last)
        #expect(abs(report.steps[0].hiddenNorm - last) <= 1e-3 * last)
        #expect(report.steps.allSatisfy { $0.innerNorm == $0.hiddenNorm && $0.hiddenNorm.isFinite })

        let inner = Self.fixtures.appendingPathComponent("links/adapter(math).pt").path
        let linked = try Self.rollout(["--model", model, "--text", expected.text, "--steps", "3", "--inner", inner, "--json"])
        #expect(linked.status == 0, "\(linked.errors)")
        let withLink = try JSONDecoder().decode(Report.self, from: linked.output)
        #expect(abs(withLink.steps[0].hiddenNorm - last) <= 1e-3 * last)
        #expect(withLink.steps[0].innerNorm != withLink.steps[0].hiddenNorm)
        #expect(withLink.steps[1].hiddenNorm != report.steps[1].hiddenNorm)
    }

    @Test func aLinkOfTheWrongKindIsRefused() throws {
        let model = Self.fixtures.appendingPathComponent("hf-tiny/llama").path
        let outer = Self.fixtures.appendingPathComponent("links/outer_12.pt").path
        let result = try Self.rollout(["--model", model, "--text", "hi", "--steps", "2", "--inner", outer])
        #expect(result.status != 0)
        #expect(result.errors.hasPrefix("mastui: error: ") && result.errors.contains("outer_12.pt"), "\(result.errors)")
        #expect(result.errors.split(separator: "\n").count == 1)
    }
}
