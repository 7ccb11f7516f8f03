import Foundation

/// One agent's pane: a titled box (number, role, model, activity), the latent sparkline of its
/// latest latent stage, and its decoded text, wrapped, following the tail unless scrolled.
public struct AgentPaneView {
    public var pane: PaneState
    public var index: Int
    public var focused: Bool
    public var glyphs: Glyphs

    public func draw(in painter: Painter) {
        guard painter.width >= 4, painter.height >= 3 else { return }
        let (activity, activityRole) = activityLabel
        painter.box(title: [(" \(index + 1) ", focused ? .borderFocus : .border),
                            (pane.agent.name, .agent(index)),
                            (" \(glyphs.dot) ", .border), (activity, activityRole),
                            (" \(glyphs.dot) \(Formatting.modelName(pane.agent.model)) ", .inactive)],
                    border: focused ? .borderFocus : .border, glyphs: glyphs)
        let layout = PaneLayout(pane: Rect(x: 0, y: 0, width: painter.width, height: painter.height),
                                showsLatent: !pane.latentNorms.isEmpty)
        if let row = layout.latentRow { drawLatent(in: painter.sub(row)) }
        if drawText(in: painter.sub(layout.text)) {
            let marker = " more below: End "
            painter.text(marker, x: max(1, painter.width - 1 - TextWidth.of(marker)), y: painter.height - 1,
                         role: .borderFocus)
        }
    }

    public var activityLabel: (String, ThemeRole) {
        switch pane.activity {
        case .waiting: return ("waiting", .inactive)
        case let .thinking(kind, step, total):
            return ("\(kind == .feedback ? "feedback" : "latent") step \(step)/\(total)", .message)
        case .decoding:
            let rate = pane.tokensPerSecond.map { String(format: " \(glyphs.dot) %.1f tok/s", $0) } ?? ""
            return ("decoding \(pane.stageTokens) tok\(rate)", .ok)
        case .done: return ("done", .inactive)
        case .failed: return ("error", .error)
        }
    }

    /// `latent ▁▃▅▇ |h| 52.3`: the hidden-state norm per step of the latest latent stage.
    private func drawLatent(in painter: Painter) {
        let label = "|h| " + Formatting.norm(pane.latentNorms.last ?? .nan)
        let sparkWidth = max(0, painter.width - 8 - TextWidth.of(label))
        var x = painter.text("latent ", x: 0, y: 0, role: .inactive)
        x = Sparkline(values: pane.latentNorms).draw(in: painter, x: x, y: 0, width: sparkWidth, glyphs: glyphs)
        painter.text(" " + label, x: x, y: 0, role: .message)
    }

    /// Draws the visible rows; returns whether rows below are hidden by scrolling up.
    private func drawText(in painter: Painter) -> Bool {
        guard painter.height > 0, painter.width > 0 else { return false }
        if !pane.hasText {
            if pane.activity == .waiting, pane.latentNorms.isEmpty {
                painter.text("waiting for its turn", x: 0, y: 0, role: .inactive)
            }
            return false
        }
        var hiddenBelow = false
        let rows: [String]
        switch pane.scroll {
        case .tail:
            rows = TextWrap.lastRows(of: pane.lines, width: painter.width, count: painter.height)
        case let .top(top):
            let all = TextWrap.rows(of: pane.lines, width: painter.width)
            let start = min(top, max(0, all.count - painter.height))
            rows = Array(all[start..<min(all.count, start + painter.height)])
            hiddenBelow = start + painter.height < all.count
        }
        for (y, row) in rows.enumerated() {
            painter.text(row, x: 0, y: y, role: .token)
        }
        return hiddenBelow
    }
}
