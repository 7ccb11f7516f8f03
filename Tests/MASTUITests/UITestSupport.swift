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

    /// The events of the deliberation trace with three real python tool calls
    /// (written by scripts/reference/make_tool_trace.py).
    static func toolEvents() throws -> [MASEventEnvelope] {
        try TraceReader.read(contentsOf: fixture("traces/demo_tools.jsonl")).events
    }

    /// The styles shipped in the repository's styles/ folder, as the picker lists them on a machine with the
    /// default models and none of the released checkpoints (an empty Hugging Face cache).
    static func shippedStyles() -> [StyleChoice] {
        let catalog = StyleCatalog(directories: [root.appendingPathComponent("styles")])
        let loader = SystemLoader(checkpoints: CheckpointResolver(environment: ["HF_HUB_CACHE": "/nonexistent"]))
        return StyleChoice.discover(in: catalog, builtIns: catalog, loader: loader)
    }

    /// The events a replay in `stepMode` sends until it first pauses (all of them if it never does).
    static func replayUntilPaused(_ events: [MASEventEnvelope], stepMode: StepMode) async -> (ReplayPlayer, [MASEventEnvelope]) {
        let player = ReplayPlayer(events: events, speed: 0, stepMode: stepMode)
        let playing = Task { await player.play() }
        var seen: [MASEventEnvelope] = []
        for await envelope in player.events {
            seen.append(envelope)
            if case .paused = envelope.event { break }
        }
        _ = playing
        return (player, seen)
    }

    /// The demo events up to and including the first one matching `stop`.
    static func demoEvents(through stop: (MASEvent) -> Bool) throws -> [MASEventEnvelope] {
        let events = try demoEvents()
        guard let index = events.firstIndex(where: { stop($0.event) }) else { return events }
        return Array(events[...index])
    }

    /// A runtime on a headless terminal, monochrome themes as found in themes/, given glyphs.
    static func session(size: Size, glyphs: Glyphs = .unicode,
                        configure: (inout AppState) -> Void = { _ in }) -> (AppRuntime, HeadlessBackend, EventInbox) {
        var state = AppState(size: size)
        configure(&state)
        let backend = HeadlessBackend(size: size)
        let inbox = EventInbox()
        let themes = ThemeCatalog.load(from: [root.appendingPathComponent("themes")]).themes
        let runtime = AppRuntime(state: state, backend: backend, themes: themes, glyphs: glyphs,
                                 inbox: inbox, perform: { _ in "no engine in tests" })
        return (runtime, backend, inbox)
    }
}
