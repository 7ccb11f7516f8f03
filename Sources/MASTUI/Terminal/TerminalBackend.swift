/// The terminal as the runtime sees it. Implementations are used from one thread only.
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    /// Draws the changed cells and shows them; a nil `cursor` hides the cursor.
    func present(_ changes: [CellChange], cursor: Point?)
    /// Waits at most `timeoutMilliseconds` for input; nil when nothing arrived.
    func readInput(timeoutMilliseconds: Int) -> TerminalInput?
    /// Colours roles with `theme` from the next frame on (the caller then sends every cell).
    func apply(theme: Theme)
    /// Forgets what is on screen: the next frame repaints everything (Ctrl-L).
    func invalidate()
    /// Gives the terminal back in the state it was found; later calls do nothing.
    func shutdown()
}
