import MASKit

/// Drawn across the bottom edge of the panes while a run waits at a step boundary: where it
/// waits and which keys go on.
public struct PauseBannerView {
    public var point: PausePoint
    public var glyphs: Glyphs

    public var text: String {
        let place = point.agent.map { "\($0) (round \(point.round))" } ?? "round \(point.round)"
        return " paused before \(place) \(glyphs.dot) n/Space: next step \(glyphs.dot) c: continue \(glyphs.dot) x: cancel "
    }

    /// Draws centred on row `y`.
    public func draw(in painter: Painter, y: Int) {
        let shown = TextWidth.truncate(text, to: painter.width - 2, ellipsis: glyphs.ellipsis)
        painter.text(shown, x: max(1, (painter.width - TextWidth.of(shown)) / 2), y: y, role: .statusKey)
    }
}
