import Foundation
import MASKit
import MASTUI
import Testing

/// Whole screens of the stepping and the overlays, drawn by the real runtime into the headless
/// terminal (monochrome themes, Unicode glyphs) at 80×24 and 120×40.
@Suite struct OverlaySnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    @Test(arguments: sizes)
    func pausedAfterRoundOne(size: Size) async throws {
        let (_, events) = await UITestSupport.replayUntilPaused(try UITestSupport.demoEvents(), stepMode: .round)
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        events.forEach(inbox.push)
        runtime.settle()
        let rows = backend.rows()
        let layout = try #require(runtime.state.layout)
        let bannerRow = rows[layout.paneArea.maxY - 1]
        #expect(bannerRow.contains("paused before round 2 · n/Space: next step · c: continue"), "\(bannerRow)")
        #expect(bannerRow.hasPrefix("└") && bannerRow.hasSuffix("┘"))
        let status = rows[size.height - 1]
        #expect(status.hasPrefix(" PAUSED before round 2 "))
        #expect(status.contains("n step") && status.contains("c continue") && status.contains("q quit"), "\(status)")
        // Round 1 is complete: three hops of round 1 in the strip, every pane waiting.
        #expect(rows.filter { $0.contains(" r1 ") }.count == 3)
        for rect in layout.panes {
            #expect(String(Array(rows[rect.y])[rect.x..<rect.maxX]).contains("waiting"))
        }
    }

    @Test(arguments: sizes)
    func toolInspectorOpen(size: Size) throws {
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        try UITestSupport.toolEvents().forEach(inbox.push)
        runtime.settle()
        backend.enqueue(keys: [.character("t")])
        runtime.settle()
        let list = backend.text()
        #expect(list.contains("tool calls") && list.contains("print(17 * 24)"))
        let rows = backend.rows()
        let errorRow = try #require(rows.first { $0.contains("print(1 / 0)") })
        #expect(errorRow.contains("▸ 3") && errorRow.contains("toolcaller") && errorRow.contains("error"))
        #expect(rows.contains { $0.contains("1") && $0.contains("python") && $0.contains(" ok ") })

        backend.enqueue(keys: [.up, .enter])
        runtime.settle()
        let inspector = backend.rows()
        #expect(inspector.contains { $0.contains("tool call 2/3 · python") })
        #expect(inspector.contains { $0.contains("agent toolcaller   tool python   status ok   time ") })
        #expect(inspector.contains { $0.contains("for n in range(1, 41):") })
        #expect(inspector.contains { $0.contains("1 1 1") })
        #expect(!inspector.contains { $0.contains("40 1600 64000") })
        #expect(inspector.contains { $0.contains("lines ") })
        backend.enqueue(keys: [.end])
        runtime.settle()
        #expect(backend.rows().contains { $0.contains("40 1600 64000") })
        backend.enqueue(keys: [.right])
        runtime.settle()
        #expect(backend.text().contains("ZeroDivisionError: division by zero"))
        #expect(backend.rows()[size.height - 1].contains("Esc back"))
    }

    @Test(arguments: sizes)
    func stylePicker(size: Size) throws {
        let (runtime, backend, _) = UITestSupport.session(size: size) { $0.styles = UITestSupport.shippedStyles() }
        backend.enqueue(keys: [.character("s")])
        runtime.settle()
        let rows = backend.rows()
        #expect(rows.contains { $0.contains("┌─ styles ─") })
        let current = try #require(rows.first { $0.contains("▸* tiny_sequential") })
        // The detail column: family and schedule, each agent with its model, from the style file.
        let style = try Style(contentsOf: UITestSupport.root.appendingPathComponent("styles/tiny_sequential.toml"))
        #expect(current.hasPrefix("│") || current.contains("│ ▸* tiny_sequential"))
        #expect(rows.contains { $0.contains("tiny_sequential  (current)") })
        #expect(rows.contains { $0.contains("sequential · \(style.rounds) rounds × \(style.latentSteps) latent steps") })
        for agent in style.agents {
            #expect(rows.contains { $0.contains(agent.name) && $0.contains(agent.model.description.prefix(20)) }, "\(agent.name)")
        }
        #expect(rows[size.height - 1].contains("Enter load"))
    }

    @Test func loadingCardShowsTheStyleAndTheTimeSoFar() {
        let (runtime, backend, inbox) = UITestSupport.session(size: Size(width: 80, height: 24))
        runtime.dispatch(.tick(100))
        inbox.post(.loadingStyle(name: "tiny_sequential", detail: "models a.gguf, b.gguf and 3 links"))
        runtime.settle()
        runtime.dispatch(.tick(101.25))
        runtime.settle()
        let text = backend.text()
        #expect(text.contains("loading tiny_sequential") && text.contains("models a.gguf, b.gguf and 3 links"))
        #expect(text.contains("1.2 s"))
    }

    @Test func clickingAKeyHintPressesItsKeyAndTheWheelMovesListSelections() throws {
        let size = Size(width: 120, height: 40)
        let (runtime, backend, inbox) = UITestSupport.session(size: size)
        try UITestSupport.toolEvents().forEach(inbox.push)
        runtime.settle()
        let status = Array(backend.rows()[size.height - 1])
        func column(of hint: String) throws -> Int {
            let text = String(status)
            let range = try #require(text.range(of: hint))
            return text.distance(from: text.startIndex, to: range.lowerBound)
        }
        backend.enqueue(.mouse(MouseEvent(kind: .click, at: Point(x: try column(of: "t tools") + 2, y: size.height - 1))))
        runtime.settle()
        #expect(runtime.state.overlay == .tools && runtime.state.selection == 2)
        backend.enqueue(.mouse(MouseEvent(kind: .wheelUp, at: Point(x: 50, y: 10))))
        runtime.settle()
        #expect(runtime.state.selection == 1)
        backend.enqueue(keys: [.escape])
        runtime.settle()
        let quit = try column(of: "q quit")
        backend.enqueue(.mouse(MouseEvent(kind: .click, at: Point(x: quit, y: size.height - 1))))
        runtime.settle()
        #expect(runtime.state.shouldQuit)
    }
}
