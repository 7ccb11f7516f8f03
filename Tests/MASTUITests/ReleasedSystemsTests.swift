import Foundation
import Testing

/// The five released RecursiveMAS systems in miniature (Tests/Fixtures/released-tiny: the release's own
/// layout, names and dtypes on tiny random models), run by the built `mastui run --json` with
/// `--checkpoints <style folder>`, against what the reference release's own Python code computed on them
/// (expected.json): the same stages in the same order, every hop's per-step norms (raw, after the inner
/// link, after the outer link) within 1e-3 relative, every decoded and retried token id, the final answer.
@Suite(.serialized) struct ReleasedSystemsTests {
    static let styles = ["sequential_light", "sequential_scaled", "mixture", "distillation", "deliberation"]
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/released-tiny")

    struct Expected: Decodable {
        struct Stage: Decodable {
            let index, round: Int
            let agent, kind: String
            let hops: [Hop]?
            let generations: [Generation]?
        }
        struct Hop: Decodable {
            let link, from, to: String
            let round: Int
            let per_step: [Step]
        }
        struct Step: Decodable {
            let raw, after_inner, after_outer: Double
        }
        struct Generation: Decodable {
            let token_ids: [Int]
            let stopped_on_eos: Bool
        }
        let stages: [Stage]
        let final_answer: String
    }

    /// One stage as the event stream tells it.
    struct Stage {
        let agent, kind: String
        let round: Int
        var hops: [[String: Any]] = []
        var tokens: [Int] = []
    }

    @Test(arguments: styles)
    func matchesTheReferenceRelease(_ style: String) throws {
        let directory = Self.folder.appendingPathComponent(style)
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
        let prompts = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("prompts.json"))) as? [String: Any])
        let question = try #require(prompts["question"] as? String)
        let (stages, answer) = try run(directory.appendingPathComponent("mastui-style.toml"), checkpoints: directory, question: question)

        #expect(stages.map { "\($0.agent)/\($0.round)/\($0.kind)" } == expected.stages.map { "\($0.agent)/\($0.round)/\($0.kind)" },
                "\(style): stage order")
        for (theirs, ours) in zip(expected.stages, stages) {
            let label = "\(style) stage \(theirs.index) (\(theirs.agent), round \(theirs.round), \(theirs.kind))"
            let hops = theirs.hops ?? []
            #expect(ours.hops.count == hops.count, "\(label): hops")
            for (hop, event) in zip(hops, ours.hops) {
                #expect(event["link"] as? String == hop.link && event["to"] as? String == hop.to
                        && event["from"] as? String == hop.from && event["round"] as? Int == hop.round, "\(label): hop \(hop.link)")
                let steps = event["perStep"] as? [[String: Double]] ?? []
                #expect(steps.count == hop.per_step.count, "\(label) \(hop.link): latent steps")
                for (index, (step, norms)) in zip(hop.per_step, steps).enumerated() {
                    for (value, key) in [(step.raw, "raw"), (step.after_inner, "afterInner"), (step.after_outer, "afterOuter")] {
                        let ours = norms[key] ?? .nan
                        #expect(abs(ours - value) <= 1e-3 * value, "\(label) \(hop.link) step \(index + 1) \(key): \(ours) vs \(value)")
                    }
                }
            }
            // The stop token itself is not streamed.
            let tokens = (theirs.generations ?? []).flatMap { $0.stopped_on_eos ? $0.token_ids.dropLast() : $0.token_ids[...] }
            #expect(ours.tokens == tokens, "\(label): token ids")
        }
        #expect(answer == expected.final_answer, "\(style): final answer")
    }

    /// Runs the style and groups its events by stage; returns them with the answer.
    private func run(_ style: URL, checkpoints: URL, question: String) throws -> ([Stage], String?) {
        // Only the folder may answer, never a Hugging Face cache of the user's.
        let result = try MastuiCommand.run(["run", "--style", style.path, "--checkpoints", checkpoints.path, "--json", "-q", question],
                                           environment: ["HF_HUB_CACHE": "/nonexistent", "HF_HOME": "/nonexistent"])
        #expect(result.status == 0, "\(result.errors)")
        let printed = result.output
        var stages: [Stage] = []
        var answer: String?
        for line in printed.split(separator: UInt8(ascii: "\n")) {
            let event = try #require(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            switch event["type"] as? String {
            case "stageStarted":
                stages.append(Stage(agent: event["agent"] as? String ?? "", kind: event["kind"] as? String ?? "",
                                    round: event["round"] as? Int ?? 0))
            case "token":
                if let id = event["tokenId"] as? Int, !stages.isEmpty { stages[stages.count - 1].tokens.append(id) }
            case "hop":
                if !stages.isEmpty { stages[stages.count - 1].hops.append(event) }
            case "answer":
                answer = event["text"] as? String
            default:
                break
            }
        }
        return (stages, answer)
    }
}
