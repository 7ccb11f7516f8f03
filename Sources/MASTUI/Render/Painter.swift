/// Draws into a surface through a clipping rectangle; coordinates are relative to `area`.
public struct Painter {
    public let surface: Surface
    /// The region this painter may touch, in surface coordinates.
    public let area: Rect

    public init(surface: Surface, area: Rect? = nil) {
        self.surface = surface
        self.area = (area ?? surface.bounds).intersection(surface.bounds)
    }

    public var width: Int { area.width }
    public var height: Int { area.height }

    /// A painter for `rect`, given relative to this one and clipped to it.
    public func sub(_ rect: Rect) -> Painter {
        Painter(surface: surface, area: Rect(x: area.x + rect.x, y: area.y + rect.y,
                                             width: rect.width, height: rect.height).intersection(area))
    }

    public func fill(_ role: ThemeRole, grapheme: Character = " ") {
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX {
                surface[x, y] = Cell(grapheme: grapheme, role: role)
            }
        }
    }

    /// Writes `text` from column `x` of row `y`, clipped; returns the column after the last cell
    /// written. Control characters are skipped; a wide grapheme that would be cut becomes a space.
    @discardableResult
    public func text(_ text: String, x: Int, y: Int, role: ThemeRole) -> Int {
        guard y >= 0, y < height else { return x }
        var column = x
        for grapheme in text {
            let width = TextWidth.of(grapheme)
            if width == 0 { continue }
            if column >= self.width { break }
            if column >= 0 {
                if column + width > self.width {
                    put(Cell(grapheme: " ", role: role), column, y)
                } else {
                    put(Cell(grapheme: grapheme, role: role), column, y)
                    if width == 2 { put(Cell(grapheme: " ", role: role, isContinuation: true), column + 1, y) }
                }
            }
            column += width
        }
        return column
    }

    /// A line border around the whole area with a title in the top edge.
    public func box(title: [(String, ThemeRole)] = [], border: ThemeRole, glyphs: Glyphs) {
        guard width >= 2, height >= 2 else { return }
        let line = String(repeating: glyphs.horizontal, count: width - 2)
        text(String(glyphs.topLeft) + line + String(glyphs.topRight), x: 0, y: 0, role: border)
        text(String(glyphs.bottomLeft) + line + String(glyphs.bottomRight), x: 0, y: height - 1, role: border)
        for y in 1..<(height - 1) {
            text(String(glyphs.vertical), x: 0, y: y, role: border)
            text(String(glyphs.vertical), x: width - 1, y: y, role: border)
        }
        var column = 2, room = width - 4
        for (part, role) in title where room > 0 {
            let shown = TextWidth.truncate(part, to: room, ellipsis: glyphs.ellipsis)
            let end = text(shown, x: column, y: 0, role: role)
            room -= end - column
            column = end
        }
    }

    /// Stores one cell, blanking the other half of any wide grapheme it overwrites.
    private func put(_ cell: Cell, _ x: Int, _ y: Int) {
        let sx = area.x + x, sy = area.y + y
        let old = surface[sx, sy]
        if old.isContinuation, !cell.isContinuation, sx > 0 {
            surface[sx - 1, sy] = Cell(grapheme: " ", role: surface[sx - 1, sy].role)
        }
        if sx + 1 < surface.size.width, surface[sx + 1, sy].isContinuation, !old.isContinuation {
            surface[sx + 1, sy] = Cell(grapheme: " ", role: old.role)
        }
        surface[sx, sy] = cell
    }
}
