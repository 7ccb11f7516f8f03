/// An off-screen terminal for tests and scripted sessions: frames land in a cell grid that can
/// be read back as text, and input comes from a queue.
public final class HeadlessBackend: TerminalBackend {
    public private(set) var screen: Surface
    public private(set) var cursor: Point?
    public private(set) var theme: Theme?
    public private(set) var presentCount = 0
    public private(set) var lastChangeCount = 0
    public private(set) var isShutDown = false
    private var input: [TerminalInput] = []

    public init(size: Size) {
        screen = Surface(size: size)
    }

    public var size: Size { screen.size }

    public func enqueue(_ inputs: TerminalInput...) {
        input += inputs
    }

    public func enqueue(keys: [Key]) {
        input += keys.map(TerminalInput.key)
    }

    /// Changes the terminal size, as a window resize would, and reports it as input.
    public func resize(to size: Size) {
        screen = Surface(size: size)
        input.append(.resize(size))
    }

    public var hasPendingInput: Bool { !input.isEmpty }

    public func present(_ changes: [CellChange], cursor: Point?) {
        for change in changes where change.x < size.width && change.y < size.height {
            screen[change.x, change.y] = change.cell
        }
        self.cursor = cursor
        presentCount += 1
        lastChangeCount = changes.count
    }

    public func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        input.isEmpty ? nil : input.removeFirst()
    }

    public func apply(theme: Theme) {
        self.theme = theme
    }

    public func invalidate() {
        screen = Surface(size: size)
    }

    public func shutdown() {
        isShutDown = true
    }

    public func text() -> String {
        screen.text()
    }

    public func rows() -> [String] {
        screen.textRows()
    }
}
