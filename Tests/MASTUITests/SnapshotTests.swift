import Foundation
import MASKit
import MASTUI
import Testing

/// Whole screens drawn by the real runtime into the headless terminal, read back as text.
@Suite struct SnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    private func midLatentEvents() throws -> [MASEventEnvelope] {
        try UITestSupport.demoEvents {
            if case let .latentStep(agent, round, step, _) = $0 { agent == "critic" && round == 1 && step == 5 } else { false }
        }
    }

    @Test(arguments: sizes)
    func idleScreen(size: Size) {
        let (runtime, backend, _) = UITestSupport.session(size: size)
        runtime.settle()
        let rows = backend.rows()
        #expect(rows.count == size.height && rows.allSatisfy { $0.count == size.width })
        #expect(rows[0].hasPrefix(" Press / to type a question, ? for help"))
        #expect(rows[1].hasPrefix("┌─ mastui ─") && rows[1].hasSuffix("┐"))
        for line in ["No run yet.", "Press / to type a question, ? for help, q to quit."] {
            #expect(rows.contains { $0.contains(line) }, "\(line)")
        }
        #expect(rows[size.height - 2].hasPrefix("└") && rows[size.height - 2].hasSuffix("┘"))
        let status = rows[size.height - 1]
        #expect(status.hasPrefix(" style tiny_sequential │ steps: round"))
        #expect(status.contains("? help") && status.contains("q quit") && status.contains("/ ask"))
    }

    @Test(arguments: sizes)
    func midLatentStage(size: Size) throws {
        let events = try midLatentEvents()
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        events.forEach(inbox.push)
        runtime.settle()
        let rows = backend.rows()
        let layout = try #require(runtime.state.layout)
        let names = ["planner", "critic", "solver"]
        for (index, rect) in layout.panes.enumerated() {
            let top = Array(rows[rect.y])
            #expect(top[rect.x] == "┌" && top[rect.maxX - 1] == "┐", "pane \(index)")
            let title = String(top[rect.x..<rect.maxX])
            #expect(title.contains("\(index + 1) \(names[index]) · "), "\(title)")
            #expect(title.contains(index == 1 ? "latent step 5/8" : "waiting"), "\(title)")
        }
        // The critic's latent row: five bars (one per step so far) and the last norm.
        let critic = layout.panes[1]
        let latentRow = String(Array(rows[critic.y + 1])[critic.x..<critic.maxX])
        let bars = try #require(latentRow.split(separator: " ").dropFirst().first)
        #expect(bars.count == 5 && bars.allSatisfy { Glyphs.unicode.bars.contains($0) })
        let lastNorm = try #require(events.last.flatMap { envelope -> Float? in
            if case let .latentStep(_, _, _, norm) = envelope.event { norm } else { nil }
        })
        #expect(latentRow.contains("|h| " + String(format: "%.1f", lastNorm)))
        // The hop strip lists the round-1 hop planner → critic with its mean raw norm.
        let hop = try #require(runtime.state.run?.hops.first)
        let raw = hop.perStep.map(\.raw).reduce(0, +) / Float(hop.perStep.count)
        let hopRow = try #require(rows.first { $0.contains("planner→critic") })
        #expect(hopRow.contains(" r1 ") && hopRow.contains(String(format: "%.1f", raw)))
        let status = rows[size.height - 1]
        #expect(status.contains("sequential_tiny │ round 1/2 │ critic latent"))
        #expect(rows[0].contains("Q What is 17 × 24? Think step by step."))
    }

    @Test func midLatentStageInASCII() throws {
        let (runtime, backend, inbox) = UITestSupport.session(size: Size(width: 80, height: 24), glyphs: .ascii)
        try midLatentEvents().forEach(inbox.push)
        runtime.settle()
        let text = backend.text()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII || "×".unicodeScalars.contains($0) })
        let critic = try #require(runtime.state.layout?.panes[1])
        let latentRow = String(Array(backend.rows()[critic.y + 1])[critic.x..<critic.maxX])
        let bars = try #require(latentRow.split(separator: " ").dropFirst().first)
        #expect(latentRow.hasPrefix("|latent "))
        #expect(bars.count == 5 && bars.allSatisfy { Glyphs.ascii.bars.contains($0) })
        #expect(Array(backend.rows()[critic.y])[critic.x] == "+")
    }

    @Test(arguments: sizes)
    func helpOverlay(size: Size) throws {
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        try midLatentEvents().forEach(inbox.push)
        backend.enqueue(keys: [.character("?")])
        runtime.settle()
        var text = backend.text()
        #expect(text.contains("mastui help"))
        // Page through: the main screen's bindings are all there, in order from the first page.
        for _ in 0..<2 {
            backend.enqueue(keys: [.pageDown])
            runtime.settle()
            text += backend.text()
        }
        for binding in Keymap.standard.bindings(in: .main) {
            #expect(text.contains(binding.description), "\(binding.description)")
        }
        #expect(backend.rows()[size.height - 1].contains("Esc close"))
        backend.enqueue(keys: [.escape])
        runtime.settle()
        #expect(!backend.text().contains("mastui help"))
    }

    @Test func helpOverlayPagesWhenLong() {
        let (runtime, backend, _) = UITestSupport.session(size: Size(width: 80, height: 24))
        backend.enqueue(keys: [.function(1)])
        runtime.settle()
        let last = "close help"
        #expect(backend.text().contains("more: PgDn"))
        #expect(!backend.text().contains(last))
        var pages = 0
        while !backend.text().contains(last), pages < 10 {
            backend.enqueue(keys: [.pageDown])
            runtime.settle()
            pages += 1
        }
        #expect(backend.text().contains(last) && pages > 1)
    }

    @Test(arguments: [(Size(width: 50, height: 12), false), (Size(width: 70, height: 15), true)])
    func tooSmallScreen(size: Size, withRun: Bool) throws {
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        if withRun { try midLatentEvents().forEach(inbox.push) }
        runtime.settle()
        let needed = ScreenLayout.minimumSize(agentCount: withRun ? 3 : 0, linkCount: withRun ? 3 : 0)
        let lines = backend.rows().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(lines == ["terminal too small: \(size.width)×\(size.height)",
                          "need \(needed.width)×\(needed.height)", "q quit"])
        backend.enqueue(keys: [.character("?"), .character("q")])
        runtime.settle()
        #expect(runtime.state.shouldQuit && !runtime.state.showHelp)
    }

    @Test func resizeReflowsToExactlyAFreshFrame() throws {
        let events = try midLatentEvents()
        let (runtime, backend, inbox) = UITestSupport.session(size: Size(width: 120, height: 40))
        events.forEach(inbox.push)
        runtime.settle()
        backend.resize(to: Size(width: 80, height: 24))
        runtime.settle()
        let (fresh, freshBackend, freshInbox) = UITestSupport.session(size: Size(width: 80, height: 24))
        events.forEach(freshInbox.push)
        fresh.settle()
        #expect(backend.text() == freshBackend.text())
    }

    @Test func unchangedFramesSendNothingAndATokenSendsLittle() throws {
        let size = Size(width: 120, height: 40)
        let events = try UITestSupport.demoEvents {
            if case let .token(_, _, text, _, _) = $0 { text == " 340" } else { false }
        }
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        events.dropLast().forEach(inbox.push)
        runtime.settle()
        #expect(backend.lastChangeCount == size.width * size.height)
        runtime.settle()
        #expect(backend.lastChangeCount == 0)
        inbox.push(events[events.count - 1])
        runtime.settle()
        #expect(backend.lastChangeCount > 0 && backend.lastChangeCount < 60)
        #expect(backend.text().contains("17 × 20 = 340"))
    }
}
