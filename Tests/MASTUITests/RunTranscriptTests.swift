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
}
