/// A colour as a theme file gives it: 24-bit RGB or one of the 16 ANSI colours.
public enum ThemeColor: Hashable, Sendable {
    case rgb(UInt8, UInt8, UInt8)
    case ansi(Int)

    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
        "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// The xterm default RGB values of the 16 ANSI colours.
    public static let ansiPalette: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    public var rgbValue: (UInt8, UInt8, UInt8) {
        switch self {
        case let .rgb(r, g, b): (r, g, b)
        case let .ansi(index): Self.ansiPalette[index]
        }
    }

    /// Linear interpolation in RGB from `self` (t = 0) to `other` (t = 1).
    public func mixed(with other: ThemeColor, _ t: Double) -> ThemeColor {
        let (r1, g1, b1) = rgbValue, (r2, g2, b2) = other.rgbValue
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Double(a) + (Double(b) - Double(a)) * min(1, max(0, t))).rounded())
        }
        return .rgb(mix(r1, r2), mix(g1, g2), mix(b1, b2))
    }
}
