/// How many terminal columns text takes: 2 for East Asian wide and full-width characters and
/// emoji, 0 for control characters, else 1. Independent of the process locale, so frames are the
/// same in tests and on screen.
public enum TextWidth {
    /// Unicode East Asian Width "W" and "F" blocks (the common ones).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first?.value else { return 0 }
        if first < 0x20 || (0x7F..<0xA0).contains(first) { return 0 }
        if first < 0x7F { return 1 }
        if wideRanges.contains(where: { $0.contains(first) }) { return 2 }
        if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation || $0.value == 0xFE0F }) {
            return 2
        }
        return 1
    }

    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// The longest prefix of `text` that fits in `columns`, with `ellipsis` when cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: Character = "…") -> String {
        guard columns > 0 else { return "" }
        guard of(text) > columns else { return text }
        var result = "", used = 0
        let room = columns - of(ellipsis)
        for character in text {
            let width = of(character)
            if used + width > room { break }
            result.append(character)
            used += width
        }
        return room >= 0 ? result + String(ellipsis) : result
    }
}
