/// A terminal size in cells.
struct Size: Hashable, Sendable, CustomStringConvertible {
    var width: Int
    var height: Int

    var description: String { "\(width)×\(height)" }
}

/// A cell position: column `x`, row `y`, both from 0 at the top left.
struct Point: Hashable, Sendable {
    var x: Int
    var y: Int
}

/// A rectangle of cells. Empty when either side is 0 or less.
struct Rect: Hashable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    var isEmpty: Bool { width == 0 || height == 0 }
    var maxX: Int { x + width }
    var maxY: Int { y + height }

    func contains(_ point: Point) -> Bool {
        point.x >= x && point.x < maxX && point.y >= y && point.y < maxY
    }

    func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }

    /// The rectangle shrunk by `by` cells on every side.
    func inset(_ by: Int) -> Rect {
        Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by)
    }

    /// Splits off `rows` rows from the top: (top part, rest).
    func splitTop(_ rows: Int) -> (Rect, Rect) {
        let taken = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: taken),
                Rect(x: x, y: y + taken, width: width, height: height - taken))
    }

    /// Splits off `rows` rows from the bottom: (rest, bottom part).
    func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let (top, bottom) = splitTop(height - min(max(0, rows), height))
        return (top, bottom)
    }

    /// A rectangle of at most `width`×`height` centred in this one.
    func centered(width: Int, height: Int) -> Rect {
        let w = min(width, self.width), h = min(height, self.height)
        return Rect(x: x + (self.width - w) / 2, y: y + (self.height - h) / 2, width: w, height: h)
    }
}
