import MASKit
import MASTUI
import Testing

@Suite struct PlainEventPrinterTests {
    @Test func tokensStreamAfterOnePrefixAndOtherEventsGetLines() throws {
        let events = try UITestSupport.demoEvents()
        var printer = PlainEventPrinter()
        let text = events.map { printer.text(for: $0) }.joined() + printer.finish()
        let tokens = events.compactMap { envelope -> String? in
            if case let .token(_, _, text, _, _) = envelope.event { return text }
            return nil
        }
        #expect(text.contains("\n[solver] " + tokens.joined() + "\n"))
        #expect(text.hasPrefix("run sequential_tiny: planner → critic → solver, 2 rounds × 8 latent steps\n"))
        #expect(text.hasSuffix("answer: 408\nfinished in 4.7 s: 33 tokens, 40 latent steps, 0 tool calls\n"))
        let hops = events.filter { if case .hop = $0.event { true } else { false } }
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("hop ") }.count == hops.count)
    }
}
