/// An off-screen terminal for tests and scripted sessions: frames land in a cell grid that can
/// be read back as text, and input comes from a queue.
final class HeadlessBackend: TerminalBackend {
    private(set) var screen: Surface
    private(set) var cursor: Point?
    private(set) var theme: Theme?
    private(set) var presentCount = 0
    private(set) var lastChangeCount = 0
    private(set) var isShutDown = false
    private var input: [TerminalInput] = []

    init(size: Size) {
        screen = Surface(size: size)
    }

    var size: Size { screen.size }

    func enqueue(_ inputs: TerminalInput...) {
        input += inputs
    }

    func enqueue(keys: [Key]) {
        input += keys.map(TerminalInput.key)
    }

    /// Changes the terminal size, as a window resize would, and reports it as input.
    func resize(to size: Size) {
        screen = Surface(size: size)
        input.append(.resize(size))
    }

    var hasPendingInput: Bool { !input.isEmpty }

    func present(_ changes: [CellChange], cursor: Point?) {
        for change in changes where change.x < size.width && change.y < size.height {
            screen[change.x, change.y] = change.cell
        }
        self.cursor = cursor
        presentCount += 1
        lastChangeCount = changes.count
    }

    func readInput(timeoutMilliseconds: Int) -> TerminalInput? {
        input.isEmpty ? nil : input.removeFirst()
    }

    func apply(theme: Theme) {
        self.theme = theme
    }

    func invalidate() {
        screen = Surface(size: size)
    }

    func shutdown() {
        isShutDown = true
    }

    func text() -> String {
        screen.text()
    }

    func rows() -> [String] {
        screen.textRows()
    }
}
