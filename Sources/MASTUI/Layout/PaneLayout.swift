/// The inside of an agent pane: an optional latent row (sparkline) above the wrapped text.
public struct PaneLayout: Equatable, Sendable {
    public var latentRow: Rect?
    public var text: Rect

    public init(pane: Rect, showsLatent: Bool) {
        let inside = pane.inset(1)
        if showsLatent, inside.height >= 2 {
            let (row, rest) = inside.splitTop(1)
            latentRow = row
            text = rest
        } else {
            latentRow = nil
            text = inside
        }
    }
}
