import Foundation

/// The aligned text table of `mastui models`.
struct ModelTable {
    let rows: [ModelRow]

    private static let headers = ["FILE", "ARCHITECTURE", "PARAMETERS", "HIDDEN", "LAYERS", "QUANTISATION", "SIZE (MiB)"]
    /// Columns holding numbers are right-aligned.
    private static let rightAligned: Set<Int> = [2, 3, 4, 6]

    var text: String {
        let summaries = rows.compactMap(Self.cells)
        var widths = Self.headers.indices.map { column in
            ([Self.headers] + summaries).map { $0[column].count }.max() ?? 0
        }
        widths[0] = max(widths[0], rows.map(\.file.count).max() ?? 0)
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return Self.rightAligned.contains(column) ? padding + cell : cell + padding
            }
            .joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
        }
        let body = rows.map { row in
            // A file that could not be read shows its error in place of the other columns.
            Self.cells(row).map(line)
                ?? row.file.padding(toLength: widths[0], withPad: " ", startingAt: 0) + "  error: " + (row.error ?? "")
        }
        return ([line(Self.headers)] + body).joined(separator: "\n")
    }

    /// The cells of a readable model, nil for a file that could not be read.
    private static func cells(_ row: ModelRow) -> [String]? {
        guard row.error == nil else { return nil }
        return [
            row.file,
            row.architecture ?? "?",
            row.parameters.map(formatCount) ?? "?",
            row.hidden.map(String.init) ?? "?",
            row.layers.map(String.init) ?? "?",
            row.quantisation ?? "?",
            row.sizeBytes.map { String(format: "%.1f", Double($0) / 1_048_576) } ?? "?",
        ]
    }

    /// 134_515_008 → "134.5M".
    static func formatCount(_ count: Int) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        for (scale, suffix) in units where Double(count) >= scale {
            return String(format: "%.1f", Double(count) / scale) + suffix
        }
        return String(count)
    }
}
