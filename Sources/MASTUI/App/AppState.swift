import MASKit

/// Everything the screen shows, as a value. Only the reducer changes it; the view only reads it.
public struct AppState: Equatable, Sendable {
    public var size: Size
    public var run: RunState?
    /// One pane per agent, in the order `runStarted` listed them.
    public var panes: [PaneState] = []
    public var focus = 0
    public var zoomed = false
    public var overlay: Overlay?
    /// Rows scrolled in the help overlay or the tool inspector.
    public var overlayScroll = 0
    /// The highlighted row of the style picker or the tool list.
    public var selection = 0
    public var showPeek = false
    public var editing = false
    public var question = LineEditor()
    public var themeIndex = 0
    public var themeCount = 1
    /// A one-line message for the user (cleared by the next key).
    public var notice: String?
    /// Where events come from, e.g. "replay demo.jsonl"; shown in the status bar.
    public var sourceLabel: String?
    public var shouldQuit = false

    /// Where the next run pauses; sent to the run in flight when changed.
    public var stepMode: StepMode = .round
    /// The style the next question runs with, and the styles the picker offers.
    public var styleName = "tiny_sequential"
    public var styles: [StyleChoice] = []
    /// The style being loaded now, if one is.
    public var loading: Loading?
    /// A run or replay is in flight (from the request until the session says it ended).
    public var engineBusy = false
    /// The replay speed factor; nil for live runs (0 plays as fast as possible).
    public var replaySpeed: Double?
    /// The latest clock tick (monotonic seconds), for spinners and loading time.
    public var clock: Double = 0

    public struct Loading: Equatable, Sendable {
        public var style: String
        public var detail: String
        public var since: Double

        public init(style: String, detail: String, since: Double) {
            self.style = style
            self.detail = detail
            self.since = since
        }
    }

    public init(size: Size, themeIndex: Int = 0, themeCount: Int = 1, sourceLabel: String? = nil) {
        self.size = size
        self.themeIndex = themeIndex
        self.themeCount = themeCount
        self.sourceLabel = sourceLabel
    }

    public var showHelp: Bool { overlay == .help }

    public var isPaused: Bool { run?.paused != nil }

    /// Something on screen moves with time (a spinner).
    public var isAnimating: Bool { loading != nil }

    public var layout: ScreenLayout? {
        ScreenLayout(size: size, agentCount: panes.count, linkCount: run?.links.count ?? 0,
                     zoomedPane: zoomed ? focus : nil)
    }

    /// The bindings that are live now.
    public var keyContext: KeyContext {
        if layout == nil { return .tooSmall }
        switch overlay {
        case .help: return .help
        case .styles: return .styles
        case .tools: return .tools
        case .inspector: return .inspector
        case nil: return editing ? .editing : .main
        }
    }

    public func paneIndex(of agent: String) -> Int? {
        panes.firstIndex { $0.agent.name == agent }
    }
}

/// Everything that can change the state: keys (already looked up in the keymap), typed text,
/// mouse, resizes, engine events, session notices and clock ticks.
public enum Action: Sendable {
    case command(Command, key: Key)
    case insert(Character)
    case mouse(MouseEvent)
    case resize(Size)
    case event(MASEventEnvelope)
    case session(SessionNotice)
    /// Monotonic seconds; sent while something animates.
    case tick(Double)
}

/// What the reducer asks the outside world to do.
public enum AppEffect: Equatable, Sendable {
    /// Repaint every cell (the screen may have been disturbed).
    case redraw
    /// Hand a request to the engine session.
    case engine(EngineRequest)
}
