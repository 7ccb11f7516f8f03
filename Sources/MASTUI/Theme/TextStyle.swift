/// Attributes a cell can carry besides colour.
struct TextAttributes: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    static let bold = TextAttributes(rawValue: 1 << 0)
    static let dim = TextAttributes(rawValue: 1 << 1)
    static let underline = TextAttributes(rawValue: 1 << 2)
    static let reverse = TextAttributes(rawValue: 1 << 3)

    static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse),
    ]
}

/// One theme entry: a colour (nil means the terminal's default) and attributes.
struct ThemeEntry: Hashable, Sendable {
    var color: ThemeColor?
    var attributes: TextAttributes = []
}

/// How a role is drawn: foreground, background (nil = terminal default) and attributes.
struct TextStyle: Hashable, Sendable {
    var foreground: ThemeColor?
    var background: ThemeColor?
    var attributes: TextAttributes = []
}
