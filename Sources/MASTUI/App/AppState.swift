import MASKit

/// Everything the screen shows, as a value. Only the reducer changes it; the view only reads it.
public struct AppState: Equatable, Sendable {
    public var size: Size
    public var run: RunState?
    /// One pane per agent, in the order `runStarted` listed them.
    public var panes: [PaneState] = []
    public var focus = 0
    public var zoomed = false
    public var showHelp = false
    public var helpScroll = 0
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

    public init(size: Size, themeIndex: Int = 0, themeCount: Int = 1, sourceLabel: String? = nil) {
        self.size = size
        self.themeIndex = themeIndex
        self.themeCount = themeCount
        self.sourceLabel = sourceLabel
    }

    public var layout: ScreenLayout? {
        ScreenLayout(size: size, agentCount: panes.count, linkCount: run?.links.count ?? 0,
                     zoomedPane: zoomed ? focus : nil)
    }

    /// The bindings that are live now.
    public var keyContext: KeyContext {
        if layout == nil { return .tooSmall }
        if showHelp { return .help }
        return editing ? .editing : .main
    }

    public func paneIndex(of agent: String) -> Int? {
        panes.firstIndex { $0.agent.name == agent }
    }
}

/// Everything that can change the state: keys (already looked up in the keymap), typed text,
/// mouse, resizes and engine events.
public enum Action: Sendable {
    case command(Command, key: Key)
    case insert(Character)
    case mouse(MouseEvent)
    case resize(Size)
    case event(MASEventEnvelope)
}

/// What the reducer asks the outside world to do.
public enum AppEffect: Equatable, Sendable {
    /// Repaint every cell (the screen may have been disturbed).
    case redraw
    /// Run this question (the live engine; a replay cannot).
    case ask(String)
}
