import Foundation

/// A small card while a style loads: spinner, style, what is being loaded, seconds so far.
public struct LoadingView {
    public var loading: AppState.Loading
    public var clock: Double
    public var glyphs: Glyphs

    public func draw(in painter: Painter) {
        let seconds = max(0, clock - loading.since)
        let spinner = glyphs.spinner[Int(seconds * 10) % glyphs.spinner.count]
        let title = "\(spinner) loading \(loading.style)"
        let time = String(format: "%.1f s", seconds)
        let width = min(painter.width - 2, max(TextWidth.of(title), TextWidth.of(loading.detail)) + 6)
        let card = painter.sub(Rect(x: 0, y: 0, width: painter.width, height: painter.height).centered(width: width, height: 4))
        card.fill(.help)
        card.box(title: [(" " + title + " ", .helpKey)], border: .help, glyphs: glyphs)
        card.text(TextWidth.truncate(loading.detail, to: card.width - 4, ellipsis: glyphs.ellipsis), x: 2, y: 1, role: .help)
        card.text(time, x: 2, y: 2, role: .inactive)
    }
}
