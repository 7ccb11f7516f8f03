/// One terminal cell: a grapheme and the theme role it is drawn in. A wide grapheme occupies its
/// cell and the next one, which is marked as its continuation.
struct Cell: Equatable, Sendable {
    var grapheme: Character
    var role: ThemeRole
    var isContinuation = false

    static let blank = Cell(grapheme: " ", role: .main)
}

/// A cell that differs between two frames.
struct CellChange: Equatable, Sendable {
    var x: Int
    var y: Int
    var cell: Cell
}
