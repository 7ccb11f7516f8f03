import CNcurses
import Foundation

/// The real terminal, through ncursesw. Only this type calls curses, and only from the thread
/// that created it. stderr goes to a temporary file while curses owns the screen; its contents
/// are handed back by `shutdown`.
public final class NcursesBackend: TerminalBackend {
    public struct Options {
        public var colorDepth: ColorDepth?
        public var mouse = true
    }

    public enum StartError: Error, CustomStringConvertible {
        case noTerminal(String)
        public var description: String {
            switch self {
            case let .noTerminal(term): "cannot start the terminal UI: unknown or unusable terminal \"\(term)\""
            }
        }
    }

    private let screen: OpaquePointer
    private let depth: ColorDepth
    private var theme: Theme
    private var roleCache: [ThemeRole: (attr_t, Int16)] = [:]
    private var pairs: [ColorPairKey: Int16] = [:]
    private var isShutDown = false
    private let stderrCapture: StderrCapture?
    /// What was written to stderr while curses was active; set by `shutdown`.
    public private(set) var capturedStderr = ""
    /// Whether the locale can show UTF-8 (else the UI uses ASCII glyphs).
    public let isUTF8: Bool

    private struct ColorPairKey: Hashable {
        public var foreground: Int16
        public var background: Int16
    }

    public init(theme: Theme, options: Options) throws {
        setlocale(LC_ALL, "")
        isUTF8 = mas_codeset_is_utf8() != 0
        guard let screen = newterm(nil, mas_stdout(), mas_stdin()) else {
            throw StartError.noTerminal(ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        self.screen = screen
        self.theme = theme
        stderrCapture = StderrCapture()
        TerminalGuard.cursesStarted(stderrCopy: stderrCapture?.savedDescriptor ?? -1,
                                    capturedReader: stderrCapture?.readerDescriptor ?? -1)
        raw()
        noecho()
        nonl()
        keypad(mas_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if options.mouse {
            mousemask(mas_mouse_mask(), nil)
            mouseinterval(0)
        }
        if let forced = options.colorDepth {
            depth = forced
        } else if has_colors() {
            start_color()
            use_default_colors()
            depth = mas_colors() >= 256 ? .ansi256 : .ansi16
        } else {
            depth = .mono
        }
        if depth != .mono, options.colorDepth != nil {
            start_color()
            use_default_colors()
        }
    }

    public var size: Size {
        Size(width: Int(mas_getmaxx(mas_stdscr())), height: Int(mas_getmaxy(mas_stdscr())))
    }

    public func present(_ changes: [CellChange], cursor: Point?) {
        let window = mas_stdscr()
        var characters: [wchar_t] = []
        for change in changes where !change.cell.isContinuation {
            let (attributes, pair) = style(for: change.cell.role)
            characters.removeAll(keepingCapacity: true)
            characters += change.cell.grapheme.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
            characters.append(0)
            _ = mas_put_cell(window, Int32(change.y), Int32(change.x), characters, attributes, pair)
        }
        if let cursor {
            curs_set(1)
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wrefresh(window)
    }

    public func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        let window = mas_stdscr()
        wtimeout(window, Int32(timeoutMilliseconds))
        var character: wint_t = 0
        switch wget_wch(window, &character) {
        case OK: return Self.key(forCharacter: UInt32(character)).map(TerminalInput.key)
        case KEY_CODE_YES: return functionKey(Int32(character))
        default: return nil
        }
    }

    public func apply(theme: Theme) {
        self.theme = theme
        roleCache = [:]
    }

    public func invalidate() {
        clearok(mas_stdscr(), true)
    }

    public func shutdown() {
        guard !isShutDown else { return }
        isShutDown = true
        TerminalGuard.restoreNow()
        delscreen(screen)
        capturedStderr = stderrCapture?.finish() ?? ""
        TerminalGuard.cursesStopped()
    }

    deinit {
        shutdown()
    }

    public static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0..<32: return nil
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    private func functionKey(_ code: Int32) -> TerminalInput? {
        switch code {
        case KEY_RESIZE: return .resize(size)
        case KEY_MOUSE: return mouseEvent()
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_ENTER: return .key(.enter)
        case mas_key_f(1)...mas_key_f(12): return .key(.function(Int(code - mas_key_f(0))))
        default: return nil
        }
    }

    private func mouseEvent() -> TerminalInput? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let at = Point(x: Int(event.x), y: Int(event.y))
        if mas_mouse_is_wheel_up(event.bstate) != 0 { return .mouse(MouseEvent(kind: .wheelUp, at: at)) }
        if mas_mouse_is_wheel_down(event.bstate) != 0 { return .mouse(MouseEvent(kind: .wheelDown, at: at)) }
        if mas_mouse_is_click(event.bstate) != 0 { return .mouse(MouseEvent(kind: .click, at: at)) }
        return nil
    }

    /// The curses attributes and colour pair of a role under the current theme and depth.
    private func style(for role: ThemeRole) -> (attr_t, Int16) {
        if let cached = roleCache[role] { return cached }
        let style = theme.style(for: role, depth: depth)
        var attributes = mas_a_normal()
        if style.attributes.contains(.bold) { attributes |= mas_a_bold() }
        if style.attributes.contains(.dim) { attributes |= mas_a_dim() }
        if style.attributes.contains(.underline) { attributes |= mas_a_underline() }
        if style.attributes.contains(.reverse) { attributes |= mas_a_reverse() }
        let pair = colorPair(foreground: style.foreground.flatMap(depth.index(of:)),
                             background: style.background.flatMap(depth.index(of:)))
        roleCache[role] = (attributes, pair)
        return (attributes, pair)
    }

    /// Colour pairs are made on first use; when the terminal runs out, the default pair is used.
    private func colorPair(foreground: Int?, background: Int?) -> Int16 {
        guard depth != .mono, foreground != nil || background != nil else { return 0 }
        let colors = Int(mas_colors())
        let key = ColorPairKey(foreground: Int16(foreground.map { $0 % max(1, colors) } ?? -1),
                               background: Int16(background.map { $0 % max(1, colors) } ?? -1))
        if let pair = pairs[key] { return pair }
        let next = pairs.count + 1
        guard next < min(Int(mas_color_pairs()), Int(Int16.max)) else { return 0 }
        init_pair(Int16(next), key.foreground, key.background)
        pairs[key] = Int16(next)
        return Int16(next)
    }
}
