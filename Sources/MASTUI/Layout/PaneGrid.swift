/// Places agent panes: side by side when up to three fit comfortably, else a grid of
/// ⌈√n⌉ columns whose last row shares the full width.
public enum PaneGrid {
    public static let comfortableWidth = 36

    /// (columns, rows) for `count` panes in `width` columns.
    public static func shape(count: Int, width: Int) -> (columns: Int, rows: Int) {
        guard count > 0 else { return (0, 0) }
        if count <= 3, width / count >= comfortableWidth { return (count, 1) }
        var columns = 1
        while columns * columns < count { columns += 1 }
        return (columns, (count + columns - 1) / columns)
    }

    public static func arrange(count: Int, in area: Rect) -> [Rect] {
        let (columns, rows) = shape(count: count, width: area.width)
        guard count > 0 else { return [] }
        let heights = split(area.height, into: rows)
        var rects: [Rect] = [], y = area.y
        for row in 0..<rows {
            let inRow = min(columns, count - row * columns)
            var x = area.x
            for width in split(area.width, into: inRow) {
                rects.append(Rect(x: x, y: y, width: width, height: heights[row]))
                x += width
            }
            y += heights[row]
        }
        return rects
    }

    /// `total` split into `parts` near-equal sizes, the larger ones first.
    public static func split(_ total: Int, into parts: Int) -> [Int] {
        guard parts > 0 else { return [] }
        return (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
    }
}
