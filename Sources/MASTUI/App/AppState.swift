import MASKit

/// Everything the screen shows, as a value. Only the reducer changes it; the view only reads it.
struct AppState: Equatable, Sendable {
    var size: Size
    var run: RunState?
    /// One pane per agent, in the order `runStarted` listed them.
    var panes: [PaneState] = []
    var focus = 0
    var zoomed = false
    var showHelp = false
    var helpScroll = 0
    var showPeek = false
    var editing = false
    var question = LineEditor()
    var themeIndex = 0
    var themeCount = 1
    /// A one-line message for the user (cleared by the next key).
    var notice: String?
    /// Where events come from, e.g. "replay demo.jsonl"; shown in the status bar.
    var sourceLabel: String?
    var shouldQuit = false

    init(size: Size, themeIndex: Int = 0, themeCount: Int = 1, sourceLabel: String? = nil) {
        self.size = size
        self.themeIndex = themeIndex
        self.themeCount = themeCount
        self.sourceLabel = sourceLabel
    }

    var layout: ScreenLayout? {
        ScreenLayout(size: size, agentCount: panes.count, linkCount: run?.links.count ?? 0,
                     zoomedPane: zoomed ? focus : nil)
    }

    /// The bindings that are live now.
    var keyContext: KeyContext {
        if layout == nil { return .tooSmall }
        if showHelp { return .help }
        return editing ? .editing : .main
    }

    func paneIndex(of agent: String) -> Int? {
        panes.firstIndex { $0.agent.name == agent }
    }
}

/// Everything that can change the state: keys (already looked up in the keymap), typed text,
/// mouse, resizes and engine events.
enum Action: Sendable {
    case command(Command, key: Key)
    case insert(Character)
    case mouse(MouseEvent)
    case resize(Size)
    case event(MASEventEnvelope)
}

/// What the reducer asks the outside world to do.
enum AppEffect: Equatable, Sendable {
    /// Repaint every cell (the screen may have been disturbed).
    case redraw
    /// Run this question (the live engine; a replay cannot).
    case ask(String)
}
