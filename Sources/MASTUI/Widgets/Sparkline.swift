/// A row of bar glyphs, one per value, scaled between the smallest and largest value shown.
public struct Sparkline {
    public var values: [Float]

    public init(values: [Float]) {
        self.values = values
    }

    /// The level (0 ..< levels) of each of the last `width` values; a flat series sits mid-height.
    public func levels(width: Int, levels: Int) -> [Int] {
        let shown = values.suffix(max(0, width)).map { $0.isFinite ? $0 : 0 }
        guard let low = shown.min(), let high = shown.max() else { return [] }
        guard high > low else { return shown.map { _ in levels / 2 } }
        return shown.map { min(levels - 1, Int(Float(levels) * ($0 - low) / (high - low))) }
    }

    /// Draws at (x, y), each bar in its latent-gradient role; returns the column after the last.
    @discardableResult
    public func draw(in painter: Painter, x: Int, y: Int, width: Int, glyphs: Glyphs) -> Int {
        var column = x
        for level in levels(width: width, levels: glyphs.bars.count) {
            let role = ThemeRole.latent(level * (ThemeRole.latentLevels - 1) / max(1, glyphs.bars.count - 1))
            column = painter.text(String(glyphs.bars[level]), x: column, y: y, role: role)
        }
        return column
    }
}
