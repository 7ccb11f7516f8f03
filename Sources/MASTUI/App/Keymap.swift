/// Which bindings are live: the main screen, the question line while typing, an overlay, or the
/// too-small screen.
public enum KeyContext: Hashable, Sendable, CaseIterable {
    case main, editing, styles, tools, inspector, help, tooSmall

    public var title: String {
        switch self {
        case .main: "Main screen"
        case .editing: "Question line"
        case .styles: "Style picker"
        case .tools: "Tool calls"
        case .inspector: "Tool call inspector"
        case .help: "Help"
        case .tooSmall: "Terminal too small"
        }
    }
}

/// When a binding's hint is worth space in the status bar.
public enum HintCondition: Hashable, Sendable {
    case always
    /// The run waits at a step boundary.
    case paused
    /// A run or replay is in flight.
    case busy
    /// A replay is playing (speed control).
    case replay

    public func holds(in state: AppState) -> Bool {
        switch self {
        case .always: true
        case .paused: state.isPaused
        case .busy: state.engineBusy
        case .replay: state.replaySpeed != nil && state.engineBusy
        }
    }
}

/// One row of the keymap table: it drives dispatch, the status-bar hints and the help overlay.
public struct KeyBinding: Sendable, Equatable {
    public var context: KeyContext
    public var keys: [Key]
    public var command: Command
    public var description: String
    /// The short label in the status bar; nil keeps the binding out of the bar.
    public var hint: String?
    /// How help writes the keys, when listing them one by one would be too long.
    public var keysLabel: String?
    /// When the hint shows.
    public var hintWhen: HintCondition = .always

    public var displayKeys: String { keysLabel ?? keys.map(\.label).joined(separator: " ") }
}

public struct Keymap: Sendable, Equatable {
    public var bindings: [KeyBinding]

    public func command(for key: Key, in context: KeyContext) -> Command? {
        bindings.first { $0.context == context && $0.keys.contains(key) }?.command
    }

    public func bindings(in context: KeyContext) -> [KeyBinding] {
        bindings.filter { $0.context == context }
    }

    public static let standard = Keymap(bindings: [
        KeyBinding(context: .main, keys: [.character("?"), .function(1)], command: .toggleHelp,
                   description: "show this help", hint: "help"),
        KeyBinding(context: .main, keys: [.character("q"), .control("c")], command: .quit,
                   description: "quit", hint: "quit"),
        KeyBinding(context: .main, keys: [.character("n"), .character(" ")], command: .stepNext,
                   description: "next step (when paused)", hint: "step", hintWhen: .paused),
        KeyBinding(context: .main, keys: [.character("c")], command: .continueRun,
                   description: "continue to the end without pausing", hint: "continue", hintWhen: .paused),
        KeyBinding(context: .main, keys: [.character("/"), .character("i")], command: .editQuestion,
                   description: "type a question", hint: "ask"),
        KeyBinding(context: .main, keys: [.character("x")], command: .cancelRun, description: "cancel the run",
                   hint: "cancel", hintWhen: .busy),
        KeyBinding(context: .main, keys: [.character("m")], command: .cycleStepMode,
                   description: "step mode: round, stage or continuous", hint: "mode"),
        KeyBinding(context: .main, keys: [.character("s")], command: .openStyles,
                   description: "pick a style", hint: "style"),
        KeyBinding(context: .main, keys: [.character("t")], command: .openTools,
                   description: "tool calls and their results", hint: "tools"),
        KeyBinding(context: .main, keys: [.character(">"), .character("+")], command: .faster,
                   description: "replay faster", hint: "faster", hintWhen: .replay),
        KeyBinding(context: .main, keys: [.character("<"), .character("-")], command: .slower,
                   description: "replay slower", hintWhen: .replay),
        KeyBinding(context: .main, keys: [.tab], command: .focusNext, description: "focus the next pane",
                   hint: "focus"),
        KeyBinding(context: .main, keys: [.backTab], command: .focusPrevious, description: "focus the previous pane"),
        KeyBinding(context: .main, keys: (1...9).map { .character(Character(String($0))) },
                   command: .focusPaneByDigit, description: "focus pane N", keysLabel: "1-9"),
        KeyBinding(context: .main, keys: [.enter, .character("z")], command: .toggleZoom,
                   description: "zoom or unzoom the focused pane", hint: "zoom"),
        KeyBinding(context: .main, keys: [.up], command: .scrollUp, description: "scroll the focused pane up"),
        KeyBinding(context: .main, keys: [.down], command: .scrollDown, description: "scroll the focused pane down"),
        KeyBinding(context: .main, keys: [.pageUp], command: .pageUp, description: "scroll up one page"),
        KeyBinding(context: .main, keys: [.pageDown], command: .pageDown, description: "scroll down one page"),
        KeyBinding(context: .main, keys: [.home], command: .scrollTop, description: "scroll to the top"),
        KeyBinding(context: .main, keys: [.end], command: .scrollBottom,
                   description: "scroll to the end and follow new tokens"),
        KeyBinding(context: .main, keys: [.character("p")], command: .togglePeek,
                   description: "peek: receiver tokens nearest each hop's latents", hint: "peek"),
        KeyBinding(context: .main, keys: [.character("T")], command: .nextTheme, description: "next theme",
                   hint: "theme"),
        KeyBinding(context: .main, keys: [.control("l")], command: .redraw, description: "redraw the screen"),

        KeyBinding(context: .editing, keys: [.enter], command: .submitQuestion, description: "ask the question",
                   hint: "ask"),
        KeyBinding(context: .editing, keys: [.escape, .control("c")], command: .cancelEditing,
                   description: "stop typing", hint: "cancel"),
        KeyBinding(context: .editing, keys: [.left], command: .cursorLeft, description: "cursor left"),
        KeyBinding(context: .editing, keys: [.right], command: .cursorRight, description: "cursor right"),
        KeyBinding(context: .editing, keys: [.home, .control("a")], command: .cursorHome,
                   description: "start of line"),
        KeyBinding(context: .editing, keys: [.end, .control("e")], command: .cursorEnd, description: "end of line"),
        KeyBinding(context: .editing, keys: [.backspace], command: .deleteBackward,
                   description: "delete before the cursor"),
        KeyBinding(context: .editing, keys: [.delete], command: .deleteForward, description: "delete at the cursor"),
        KeyBinding(context: .editing, keys: [.control("u")], command: .deleteToStart,
                   description: "delete to the start of the line"),
        KeyBinding(context: .editing, keys: [.control("w")], command: .deleteWord,
                   description: "delete the word before the cursor"),
        KeyBinding(context: .editing, keys: [.up], command: .historyPrevious, description: "previous question",
                   hint: "history"),
        KeyBinding(context: .editing, keys: [.down], command: .historyNext, description: "next question"),

        KeyBinding(context: .styles, keys: [.enter], command: .choose, description: "load the highlighted style",
                   hint: "load"),
        KeyBinding(context: .styles, keys: [.escape, .character("s"), .character("q")], command: .closeOverlay,
                   description: "close the picker", hint: "close"),
        KeyBinding(context: .styles, keys: [.up, .character("k")], command: .selectPrevious,
                   description: "previous style"),
        KeyBinding(context: .styles, keys: [.down, .character("j")], command: .selectNext, description: "next style"),
        KeyBinding(context: .styles, keys: [.control("c")], command: .quit, description: "quit"),

        KeyBinding(context: .tools, keys: [.enter], command: .choose, description: "open the highlighted call",
                   hint: "open"),
        KeyBinding(context: .tools, keys: [.escape, .character("t"), .character("q")], command: .closeOverlay,
                   description: "close the list", hint: "close"),
        KeyBinding(context: .tools, keys: [.up, .character("k")], command: .selectPrevious,
                   description: "previous call"),
        KeyBinding(context: .tools, keys: [.down, .character("j")], command: .selectNext, description: "next call"),
        KeyBinding(context: .tools, keys: [.control("c")], command: .quit, description: "quit"),

        KeyBinding(context: .inspector, keys: [.escape, .backspace], command: .back,
                   description: "back to the list", hint: "back"),
        KeyBinding(context: .inspector, keys: [.character("q"), .character("t")], command: .closeOverlay,
                   description: "close the inspector", hint: "close"),
        KeyBinding(context: .inspector, keys: [.up, .character("k")], command: .scrollUp, description: "scroll up"),
        KeyBinding(context: .inspector, keys: [.down, .character("j")], command: .scrollDown,
                   description: "scroll down"),
        KeyBinding(context: .inspector, keys: [.pageUp], command: .pageUp, description: "page up"),
        KeyBinding(context: .inspector, keys: [.pageDown, .character(" ")], command: .pageDown,
                   description: "page down", hint: "more"),
        KeyBinding(context: .inspector, keys: [.home], command: .scrollTop, description: "to the top"),
        KeyBinding(context: .inspector, keys: [.end], command: .scrollBottom, description: "to the end"),
        KeyBinding(context: .inspector, keys: [.left, .character("[")], command: .selectPrevious,
                   description: "previous call"),
        KeyBinding(context: .inspector, keys: [.right, .character("]")], command: .selectNext,
                   description: "next call"),
        KeyBinding(context: .inspector, keys: [.control("c")], command: .quit, description: "quit"),

        KeyBinding(context: .help, keys: [.escape, .character("q"), .character("?"), .function(1)],
                   command: .closeOverlay, description: "close help", hint: "close"),
        KeyBinding(context: .help, keys: [.up], command: .scrollUp, description: "scroll up"),
        KeyBinding(context: .help, keys: [.down], command: .scrollDown, description: "scroll down"),
        KeyBinding(context: .help, keys: [.pageUp], command: .pageUp, description: "page up"),
        KeyBinding(context: .help, keys: [.pageDown, .character(" ")], command: .pageDown,
                   description: "page down", hint: "more"),
        KeyBinding(context: .help, keys: [.control("c")], command: .quit, description: "quit"),

        KeyBinding(context: .tooSmall, keys: [.character("q"), .control("c")], command: .quit,
                   description: "quit", hint: "quit"),
    ])
}
