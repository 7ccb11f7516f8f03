import Foundation
import MASKit
import MASTUI
import Testing

@Suite struct RunTranscriptTests {
    /// The demo trace through `mastui run --plain`'s transcript: hops gather into one table per round,
    /// printed when the round ends, with the mean and range of each norm over the steps.
    @Test func hopsBecomeOneTablePerRound() throws {
        let events = try UITestSupport.demoEvents()
        var transcript = RunTranscript()
        var chunks: [(MASEvent, String)] = []
        for envelope in events { chunks.append((envelope.event, transcript.text(for: envelope))) }
        let text = chunks.map(\.1).joined() + transcript.finish()
        #expect(!text.contains("\nhop "))

        for (event, chunk) in chunks {
            guard case let .roundFinished(round, _) = event else {
                // A hop prints nothing but its peek: the nearest token of each latent step, in order.
                if case let .hop(link, _, to, _, _, _, peek) = event {
                    guard let peek else {
                        #expect(chunk.isEmpty)
                        continue
                    }
                    #expect(chunk.hasPrefix("peek \(link) → \(to): ") && chunk.hasSuffix("\n"))
                    let steps = chunk.dropFirst("peek \(link) → \(to): ".count).dropLast().components(separatedBy: " · ")
                    #expect(steps == peek.enumerated().map { "\($0.offset + 1) " + ($0.element.first.map { $0.text.debugDescription } ?? "-") })
                }
                continue
            }
            let hops = events.compactMap { envelope -> (String, [HopStep], Float)? in
                if case let .hop(link, _, _, r, perStep, receiver, _) = envelope.event, r == round { return (link, perStep, receiver) }
                return nil
            }
            let lines = chunk.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("hops of round \(round): L2 norms") == true)
            for (link, perStep, receiver) in hops {
                let row = try #require(lines.first { $0.hasPrefix("  \(link) ") }, "no row for \(link)")
                let raw = perStep.map(\.raw)
                let mean = raw.reduce(0, +) / Float(raw.count)
                let expected = "\(Formatting.norm(mean)) [\(Formatting.norm(raw.min() ?? 0))–\(Formatting.norm(raw.max() ?? 0))]"
                #expect(row.contains(expected), "\(row) lacks \(expected)")
                #expect(row.contains(Formatting.norm(receiver)))
            }
            #expect(lines.filter { $0.hasPrefix("  outer_") }.count == hops.count)
        }
    }

    @Test func warningsArePrintedAsSuch() {
        var transcript = RunTranscript()
        let text = transcript.text(for: MASEventEnvelope(runID: "r", sequence: 1, timestamp: 0,
                                                         event: .warning(agent: nil, message: "untrained")))
        #expect(text == "warning: untrained\n")
    }

    /// Each round's answer gets a line, and from the second on the change from the round before.
    @Test func roundAnswersSayWhatChanged() {
        var transcript = RunTranscript()
        let events: [MASEvent] = [
            .answer(text: "so it is 41", extracted: "41", round: 1, isFinal: false),
            .answer(text: "so it is 41", extracted: "41", round: 2, isFinal: false),
            .answer(text: "so it is 42", extracted: "42", round: 3, isFinal: true),
        ]
        let text = events.enumerated().map { index, event in
            transcript.text(for: MASEventEnvelope(runID: "r", sequence: index + 1, timestamp: 0, event: event))
        }.joined()
        #expect(text == """
            answer of round 1: 41
            answer of round 2: 41
              unchanged since round 1
            answer: 42
              changes since round 2 (1 words out, 1 in): so it is [-41-] {+42+}

            """)
    }
}

/// `mastui run --compare` on a released system in miniature: one run per method, then the comparison.
@Suite struct CompareCommandTests {
    @Test func compareRunsEachMethodAndEndsWithTheComparison() throws {
        let folder = ReleasedSystemsTests.folder.appendingPathComponent("distillation")
        let result = try MastuiCommand.run(["run", "--style", folder.appendingPathComponent("mastui-style.toml").path,
                                            "--checkpoints", folder.path, "--json", "--compare", "latent,text,single",
                                            "--max-new-tokens", "4", "-q", "What is 2 + 3?"],
                                           environment: ["HF_HUB_CACHE": "/nonexistent", "HF_HOME": "/nonexistent"])
        #expect(result.status == 0, "\(result.errors)")
        let lines = try result.output.split(separator: UInt8(ascii: "\n")).map {
            try #require(JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])
        }
        let methods = lines.filter { $0["type"] as? String == "runStarted" }.map { $0["method"] as? String }
        #expect(methods == ["latent", "text", "single"])
        let comparison = try #require(lines.last?["comparison"] as? [String: Any])
        #expect(lines.last?["type"] as? String == "comparison")
        let runs = try #require(comparison["runs"] as? [[String: Any]])
        #expect(runs.map { $0["method"] as? String } == methods)
        let finals = lines.filter { $0["type"] as? String == "answer" && $0["isFinal"] as? Bool == true }.map { $0["text"] as? String }
        #expect(runs.map { $0["answer"] as? String } == finals)
    }

    @Test func compareNeedsTwoDifferentMethods() throws {
        let result = try MastuiCommand.run(["run", "--style", "tiny_sequential", "--compare", "latent,latent", "-q", "x"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--compare needs two or more different methods"))
    }
}
