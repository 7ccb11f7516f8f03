/// Word wrapping of pane text into rows of at most `width` columns; a word longer than a row is
/// broken where the row ends.
public enum TextWrap {
    public static func rows(of line: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var rows: [String] = [], row: [Character] = [], rowWidth = 0
        var lastSpace: Int?
        for character in line {
            let w = TextWidth.of(character)
            if rowWidth + w > width {
                if character == " " {
                    rows.append(String(row))
                    (row, rowWidth, lastSpace) = ([], 0, nil)
                    continue
                }
                if let space = lastSpace {
                    rows.append(String(row[..<space]))
                    row = Array(row[(space + 1)...])
                    rowWidth = row.reduce(0) { $0 + TextWidth.of($1) }
                } else {
                    rows.append(String(row))
                    (row, rowWidth) = ([], 0)
                }
                lastSpace = nil
            }
            if character == " " { lastSpace = row.count }
            row.append(character)
            rowWidth += w
        }
        rows.append(String(row))
        return rows
    }

    /// All wrapped rows of `lines`.
    public static func rows(of lines: [String], width: Int) -> [String] {
        lines.flatMap { rows(of: $0, width: width) }
    }

    /// The last `count` wrapped rows of `lines`, wrapping only as many lines as needed.
    public static func lastRows(of lines: [String], width: Int, count: Int) -> [String] {
        var collected: [String] = []
        for line in lines.reversed() where collected.count < count {
            collected.insert(contentsOf: rows(of: line, width: width), at: 0)
        }
        return Array(collected.suffix(count))
    }
}
