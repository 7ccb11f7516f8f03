/// The characters the UI draws with, in a Unicode set and an ASCII fallback for non-UTF-8 locales.
public struct Glyphs: Sendable, Equatable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Sparkline levels, lowest first.
    public var bars: [Character]
    public var arrow: String
    public var ellipsis: Character
    public var separator: String
    public var cursorMark: Character
    public var times: Character
    public var dot: Character
    /// Frames of the busy spinner.
    public var spinner: [Character]
    /// Marks the highlighted row of a list.
    public var pointer: Character

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        bars: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], arrow: "→", ellipsis: "…", separator: " │ ",
        cursorMark: "❯", times: "×", dot: "·", spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        pointer: "▸")

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        bars: ["_", ".", ",", ":", "-", "=", "+", "#"], arrow: "->", ellipsis: "~", separator: " | ",
        cursorMark: ">", times: "x", dot: "-", spinner: ["|", "/", "-", "\\"], pointer: ">")
}
