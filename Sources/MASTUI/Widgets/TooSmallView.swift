/// Shown instead of everything else below the minimum size; `q` still quits.
public struct TooSmallView {
    public var size: Size
    public var needed: Size
    public var glyphs: Glyphs

    public var lines: [String] {
        ["terminal too small: \(size.width)\(glyphs.times)\(size.height)",
         "need \(needed.width)\(glyphs.times)\(needed.height)",
         "q quit"]
    }

    public func draw(in painter: Painter) {
        painter.fill(.main)
        let top = max(0, (painter.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let x = max(0, (painter.width - TextWidth.of(line)) / 2)
            painter.text(line, x: x, y: top + offset, role: offset == 0 ? .warn : .main)
        }
    }
}
