/// One terminal cell: a grapheme and the theme role it is drawn in. A wide grapheme occupies its
/// cell and the next one, which is marked as its continuation.
public struct Cell: Equatable, Sendable {
    public var grapheme: Character
    public var role: ThemeRole
    public var isContinuation = false

    public init(grapheme: Character, role: ThemeRole, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.role = role
        self.isContinuation = isContinuation
    }

    public static let blank = Cell(grapheme: " ", role: .main)
}

/// A cell that differs between two frames.
public struct CellChange: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell

    public init(x: Int, y: Int, cell: Cell) {
        self.x = x
        self.y = y
        self.cell = cell
    }
}
