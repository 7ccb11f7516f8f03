/// The characters the UI draws with, in a Unicode set and an ASCII fallback for non-UTF-8 locales.
struct Glyphs: Sendable, Equatable {
    var horizontal: Character
    var vertical: Character
    var topLeft: Character
    var topRight: Character
    var bottomLeft: Character
    var bottomRight: Character
    /// Sparkline levels, lowest first.
    var bars: [Character]
    var arrow: String
    var ellipsis: Character
    var separator: String
    var cursorMark: Character
    var times: Character

    static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        bars: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], arrow: "→", ellipsis: "…", separator: " │ ",
        cursorMark: "❯", times: "×")

    static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        bars: ["_", ".", ",", ":", "-", "=", "+", "#"], arrow: "->", ellipsis: "~", separator: " | ",
        cursorMark: ">", times: "x")
}
