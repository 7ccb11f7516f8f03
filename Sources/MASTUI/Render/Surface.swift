/// An off-screen grid of cells that widgets paint into; frames are diffed surface to surface.
public final class Surface {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        cells = Array(repeating: fill, count: max(0, size.width) * max(0, size.height))
    }

    public var bounds: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// The text of each row, wide graphemes once (their continuation cells are skipped).
    public func textRows() -> [String] {
        (0..<size.height).map { y in
            String((0..<size.width).compactMap { x in
                let cell = self[x, y]
                return cell.isContinuation ? nil : cell.grapheme
            })
        }
    }

    public func text() -> String {
        textRows().joined(separator: "\n")
    }
}
