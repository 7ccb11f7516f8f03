import Foundation

/// The hop strip: one row per RecursiveLink hop (newest at the bottom) with the mean latent norms
/// raw → after inner → after outer, the receiver's token-embedding norm, their ratio, and a
/// sparkline of the after-outer norm per latent step. In peek mode the numbers give way to the
/// receiver tokens nearest each step's latent.
public struct HopStripView {
    public var hops: [HopRecord]
    public var peek: Bool
    public var glyphs: Glyphs

    public func draw(in painter: Painter) {
        let title = peek ? "hops \(glyphs.dot) nearest receiver tokens per step"
            : "hops \(glyphs.dot) latent norm raw \(glyphs.arrow) inner \(glyphs.arrow) outer vs receiver embedding"
        painter.box(title: [(" " + title + " ", .title)], border: .border, glyphs: glyphs)
        let inside = painter.sub(Rect(x: 2, y: 1, width: painter.width - 4, height: painter.height - 2))
        guard inside.height > 0 else { return }
        guard !hops.isEmpty else {
            inside.text("no hops yet", x: 0, y: 0, role: .inactive)
            return
        }
        let labelWidth = min(24, max(14, inside.width / 4))
        inside.text(header(labelWidth: labelWidth), x: 0, y: 0, role: .inactive)
        for (row, hop) in hops.suffix(inside.height - 1).enumerated() {
            drawRow(hop, y: row + 1, labelWidth: labelWidth, in: inside)
        }
    }

    private func header(labelWidth: Int) -> String {
        let label = "hop".padding(toLength: labelWidth, withPad: " ", startingAt: 0)
        return peek ? label + " rnd  step by step"
            : label + " rnd" + ["raw", "inner", "outer", "emb", "out/emb"].map(column).joined() + "  per step"
    }

    private func column(_ text: String) -> String {
        String(repeating: " ", count: max(0, 8 - text.count)) + text
    }

    private func drawRow(_ hop: HopRecord, y: Int, labelWidth: Int, in painter: Painter) {
        let label = TextWidth.truncate("\(hop.from)\(glyphs.arrow)\(hop.to)", to: labelWidth, ellipsis: glyphs.ellipsis)
        var x = painter.text(label, x: 0, y: y, role: .main)
        x = painter.text(String(format: " r%-2d", hop.round), x: labelWidth, y: y, role: .main)
        if peek {
            painter.text(" " + peekText(hop), x: x, y: y, role: .message)
            return
        }
        for value in [hop.meanRaw, hop.meanAfterInner, hop.meanAfterOuter, hop.receiverEmbeddingNorm] {
            x = painter.text(column(Formatting.norm(value)), x: x, y: y, role: .main)
        }
        let ratio = hop.meanAfterOuter / hop.receiverEmbeddingNorm
        x = painter.text(column(ratio.isFinite ? String(glyphs.times) + String(format: "%.2f", ratio) : "-"), x: x, y: y, role: ratioRole(ratio))
        x = painter.text("  ", x: x, y: y, role: .main)
        Sparkline(values: hop.perStep.map(\.afterOuter))
            .draw(in: painter, x: x, y: y, width: painter.width - x, glyphs: glyphs)
    }

    /// Near 1 is where the receiver expects its inputs; a factor of 2 off is suspicious.
    private func ratioRole(_ ratio: Float) -> ThemeRole {
        guard ratio.isFinite, ratio > 0 else { return .error }
        let off = abs(log2(ratio))
        return off < 0.5 ? .ok : (off < 1 ? .warn : .error)
    }

    private func peekText(_ hop: HopRecord) -> String {
        guard let peek = hop.peek, !peek.isEmpty else { return "no peek recorded" }
        return peek.map { nearest in
            guard let top = nearest.first else { return "?" }
            return "\"" + top.text.replacingOccurrences(of: "\n", with: "\\n") + "\""
        }.joined(separator: " ")
    }
}
