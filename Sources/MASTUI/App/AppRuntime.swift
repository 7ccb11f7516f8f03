import Foundation

/// The single event loop: waits for a key (or a resize, or a mouse report) with a short timeout,
/// drains the engine events that arrived meanwhile, reduces everything into the state, and draws
/// at most one frame per `frameInterval` for engine events (a key is drawn at once), sending only
/// the cells that changed.
public final class AppRuntime {
    public static let frameInterval = 0.05
    public static let idleTimeoutMilliseconds = 40
    /// How often the clock ticks while something animates (a spinner).
    public static let tickInterval = 0.1

    public private(set) var state: AppState
    public let keymap: Keymap
    public let themes: [Theme]
    public let glyphs: Glyphs
    private let backend: any TerminalBackend
    private let inbox: EventInbox?
    /// Hands a request to the engine session; returns why it was refused, or nil when accepted.
    private let perform: (EngineRequest) -> String?
    private var lastTick: Double?
    private var front: Surface?
    private var appliedTheme: Int?
    private var dirty = true
    /// The user pressed something: the next frame does not wait for the frame interval.
    private var answeringInput = false
    /// When the last frame was drawn (monotonic seconds); nil before the first.
    private var lastFrame: Double?
    public private(set) var framesDrawn = 0

    public init(state: AppState, backend: any TerminalBackend, themes: [Theme], glyphs: Glyphs,
         keymap: Keymap = .standard, inbox: EventInbox?, perform: @escaping (EngineRequest) -> String?) {
        var state = state
        state.size = backend.size
        state.themeCount = max(1, themes.count)
        self.state = state
        self.backend = backend
        self.themes = themes.isEmpty ? [.fallback] : themes
        self.glyphs = glyphs
        self.keymap = keymap
        self.inbox = inbox
        self.perform = perform
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
        for action in inbox?.drain() ?? [] { dispatch(action) }
        if lastTick.map({ now - $0 >= Self.tickInterval }) ?? true {
            lastTick = now
            _ = Reducer.reduce(&state, .tick(now))
            if state.isAnimating { dirty = true }
        }
        if dirty, answeringInput || lastFrame.map({ ProcessInfo.processInfo.systemUptime - $0 >= Self.frameInterval }) ?? true {
            draw()
        }
    }

    /// Applies input and pending events and draws at once, whatever the frame pacing says.
    public func settle() {
        while let input = backend.readInput(timeoutMilliseconds: 0) { handle(input) }
        for action in inbox?.drain() ?? [] { dispatch(action) }
        draw()
    }

    public func handle(_ input: TerminalInput) {
        answeringInput = true
        switch input {
        case let .key(key):
            if let command = keymap.command(for: key, in: state.keyContext) {
                dispatch(.command(command, key: key))
            } else if state.keyContext == .editing, case let .character(character) = key {
                dispatch(.insert(character))
            }
        case let .mouse(event):
            if event.kind == .click, let key = hintKey(at: event.at) {
                handle(.key(key))
            } else {
                dispatch(.mouse(event))
            }
        case let .resize(size):
            dispatch(.resize(size))
        }
    }

    /// Reduces one action into the state and carries out the effects it asks for.
    public func dispatch(_ action: Action) {
        dirty = true
        for effect in Reducer.reduce(&state, action) {
            switch effect {
            case .redraw:
                backend.invalidate()
                front = nil
            case let .engine(request):
                if let reason = perform(request) { dispatch(.session(.refused(request, reason: reason))) }
            }
        }
    }

    /// The key whose hint is drawn at `point` in the status bar, if any: clicking a hint presses it.
    private func hintKey(at point: Point) -> Key? {
        guard let bar = state.layout?.statusBar, bar.contains(point) else { return nil }
        return StatusBarView(state: state, keymap: keymap, glyphs: glyphs).hints(width: bar.width)
            .first { $0.columns.contains(point.x - bar.x) }?.key
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
        answeringInput = false
        lastFrame = ProcessInfo.processInfo.systemUptime
        framesDrawn += 1
    }
}
