/// Word wrapping of pane text into rows of at most `width` columns; a word longer than a row is
/// broken where the row ends.
enum TextWrap {
    static func rows(of line: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var rows: [String] = [], row = "", rowWidth = 0
        var lastSpace: String.Index?
        for character in line {
            let w = TextWidth.of(character)
            if rowWidth + w > width {
                if let space = lastSpace, space < row.endIndex {
                    let rest = String(row[row.index(after: space)...])
                    rows.append(String(row[..<space]))
                    row = rest
                    rowWidth = TextWidth.of(rest)
                } else {
                    rows.append(row)
                    row = ""
                    rowWidth = 0
                }
                lastSpace = nil
                if character == " " { continue }
            }
            if character == " " { lastSpace = row.endIndex }
            row.append(character)
            rowWidth += w
        }
        rows.append(row)
        return rows
    }

    /// All wrapped rows of `lines`.
    static func rows(of lines: [String], width: Int) -> [String] {
        lines.flatMap { rows(of: $0, width: width) }
    }

    /// The last `count` wrapped rows of `lines`, wrapping only as many lines as needed.
    static func lastRows(of lines: [String], width: Int, count: Int) -> [String] {
        var collected: [String] = []
        for line in lines.reversed() where collected.count < count {
            collected.insert(contentsOf: rows(of: line, width: width), at: 0)
        }
        return Array(collected.suffix(count))
    }
}
