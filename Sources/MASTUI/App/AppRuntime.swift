import Foundation

/// The single event loop: waits for a key (or a resize, or a mouse report) with a short timeout,
/// drains the engine events that arrived meanwhile, reduces everything into the state, and draws
/// at most one frame per `frameInterval`, sending only the cells that changed.
public final class AppRuntime {
    public static let frameInterval = 0.033
    public static let idleTimeoutMilliseconds = 20

    public private(set) var state: AppState
    public let keymap: Keymap
    public let themes: [Theme]
    public let glyphs: Glyphs
    private let backend: any TerminalBackend
    private let inbox: EventInbox?
    /// Answers a question the user typed; returns a notice to show (nil when it was accepted).
    private let ask: (String) -> String?
    private var front: Surface?
    private var appliedTheme: Int?
    private var dirty = true
    /// When the last frame was drawn (monotonic seconds); nil before the first.
    private var lastFrame: Double?
    public private(set) var framesDrawn = 0

    public init(state: AppState, backend: any TerminalBackend, themes: [Theme], glyphs: Glyphs,
         keymap: Keymap = .standard, inbox: EventInbox?, ask: @escaping (String) -> String?) {
        var state = state
        state.size = backend.size
        state.themeCount = max(1, themes.count)
        self.state = state
        self.backend = backend
        self.themes = themes.isEmpty ? [.fallback] : themes
        self.glyphs = glyphs
        self.keymap = keymap
        self.inbox = inbox
        self.ask = ask
    }

    /// Runs until the user quits or a termination signal arrives. With `maxFrames` (scripted
    /// runs) it also stops after that many frames, or once the event source has finished and
    /// everything it sent is on screen.
    public func run(maxFrames: Int? = nil) {
        defer { backend.shutdown() }
        while !state.shouldQuit, TerminalGuard.terminationRequested == nil {
            if let maxFrames, framesDrawn >= maxFrames || (!dirty && inbox?.isFinished ?? true) { break }
            turn(now: ProcessInfo.processInfo.systemUptime)
        }
    }

    /// One turn of the loop; `now` in seconds on a monotonic clock.
    public func turn(now: Double) {
        let nextFrame = (lastFrame ?? now) + Self.frameInterval
        let wait = dirty ? Int(max(0, min(nextFrame - now, 1)) * 1000) : Self.idleTimeoutMilliseconds
        if let input = backend.readInput(timeoutMilliseconds: min(wait, Self.idleTimeoutMilliseconds)) {
            handle(input)
        }
        for envelope in inbox?.drain() ?? [] {
            dispatch(.event(envelope))
        }
        if dirty, lastFrame.map({ ProcessInfo.processInfo.systemUptime - $0 >= Self.frameInterval }) ?? true {
            draw()
        }
    }

    /// Applies input and pending events and draws at once, whatever the frame pacing says.
    public func settle() {
        while let input = backend.readInput(timeoutMilliseconds: 0) { handle(input) }
        for envelope in inbox?.drain() ?? [] { dispatch(.event(envelope)) }
        draw()
    }

    public func handle(_ input: TerminalInput) {
        switch input {
        case let .key(key):
            if let command = keymap.command(for: key, in: state.keyContext) {
                dispatch(.command(command, key: key))
            } else if state.keyContext == .editing, case let .character(character) = key {
                dispatch(.insert(character))
            }
        case let .mouse(event):
            dispatch(.mouse(event))
        case let .resize(size):
            dispatch(.resize(size))
        }
    }

    private func dispatch(_ action: Action) {
        dirty = true
        for effect in Reducer.reduce(&state, action) {
            switch effect {
            case .redraw:
                backend.invalidate()
                front = nil
            case let .ask(question):
                if let notice = ask(question) { state.notice = notice }
            }
        }
    }

    private func draw() {
        let themeIndex = min(state.themeIndex, themes.count - 1)
        if appliedTheme != themeIndex {
            backend.apply(theme: themes[themeIndex])
            appliedTheme = themeIndex
            front = nil
        }
        let frame = ScreenView(state: state, keymap: keymap, glyphs: glyphs).render()
        backend.present(SurfaceDiff.changes(from: front, to: frame.surface), cursor: frame.cursor)
        front = frame.surface
        dirty = false
        lastFrame = ProcessInfo.processInfo.systemUptime
        framesDrawn += 1
    }
}
