/// How many colours the terminal shows, and the mapping of theme colours onto them.
public enum ColorDepth: Sendable, Equatable {
    /// No colour: roles are told apart by bold, dim, underline and reverse.
    case mono
    case ansi16
    case ansi256

    /// The terminal colour number for `color` at this depth; nil in mono.
    public func index(of color: ThemeColor) -> Int? {
        switch (self, color) {
        case (.mono, _): nil
        case let (_, .ansi(index)): index
        case let (.ansi256, .rgb(r, g, b)): Self.xterm256(r, g, b)
        case let (.ansi16, .rgb(r, g, b)): Self.nearestANSI(r, g, b)
        }
    }

    /// The nearest colour of the xterm 256-colour palette's 6×6×6 cube (16–231) or grey ramp
    /// (232–255).
    public static func xterm256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ v: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) } ?? 0
        }
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeError = distance((r, g, b), (levels[ri], levels[gi], levels[bi]))

        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = min(23, max(0, (average - 3) / 10))
        let grey = 8 + 10 * greyStep
        let greyError = distance((r, g, b), (grey, grey, grey))
        return greyError < cubeError ? 232 + greyStep : cube
    }

    public static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        ThemeColor.ansiPalette.indices.min {
            let a = ThemeColor.ansiPalette[$0], c = ThemeColor.ansiPalette[$1]
            return distance((r, g, b), (Int(a.0), Int(a.1), Int(a.2)))
                < distance((r, g, b), (Int(c.0), Int(c.1), Int(c.2)))
        } ?? 7
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (Int, Int, Int)) -> Int {
        let dr = Int(a.0) - b.0, dg = Int(a.1) - b.1, db = Int(a.2) - b.2
        return dr * dr + dg * dg + db * db
    }
}
