/// Attributes a cell can carry besides colour.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)

    public static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse),
    ]
}

/// One theme entry: a colour (nil means the terminal's default) and attributes.
public struct ThemeEntry: Hashable, Sendable {
    public var color: ThemeColor?
    public var attributes: TextAttributes = []

    public init(color: ThemeColor? = nil, attributes: TextAttributes = []) {
        self.color = color
        self.attributes = attributes
    }
}

/// How a role is drawn: foreground, background (nil = terminal default) and attributes.
public struct TextStyle: Hashable, Sendable {
    public var foreground: ThemeColor?
    public var background: ThemeColor?
    public var attributes: TextAttributes = []

    public init(foreground: ThemeColor? = nil, background: ThemeColor? = nil, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}
