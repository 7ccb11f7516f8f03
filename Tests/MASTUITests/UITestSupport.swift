import Foundation
import MASKit
import MASTUI

/// Shared inputs of the UI tests: the committed demo trace and a headless session around it.
enum UITestSupport {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ relativePath: String) -> URL {
        root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
    }

    /// The events of the demo 3-agent sequential trace (written by scripts/reference/make_demo_trace.py).
    static func demoEvents() throws -> [MASEventEnvelope] {
        try TraceReader.read(contentsOf: fixture("traces/demo_sequential.jsonl")).events
    }

    /// The demo events up to and including the first one matching `stop`.
    static func demoEvents(through stop: (MASEvent) -> Bool) throws -> [MASEventEnvelope] {
        let events = try demoEvents()
        guard let index = events.firstIndex(where: { stop($0.event) }) else { return events }
        return Array(events[...index])
    }

    /// A runtime on a headless terminal, monochrome themes as found in themes/, given glyphs.
    static func session(size: Size, glyphs: Glyphs = .unicode) -> (AppRuntime, HeadlessBackend, EventInbox) {
        let backend = HeadlessBackend(size: size)
        let inbox = EventInbox()
        let themes = ThemeCatalog.load(from: [root.appendingPathComponent("themes")]).themes
        let runtime = AppRuntime(state: AppState(size: size), backend: backend, themes: themes, glyphs: glyphs,
                                 inbox: inbox, ask: { _ in "no engine in tests" })
        return (runtime, backend, inbox)
    }
}
