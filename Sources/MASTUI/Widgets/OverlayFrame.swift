/// The window the pickers, lists and the inspector open in: centred over the panes, filled, boxed,
/// titled, with a footer of keys in its bottom edge. Returns the painter of its inside.
public struct OverlayFrame {
    public var title: String
    public var footer: String
    public var maxWidth: Int
    public var glyphs: Glyphs

    /// Where the window goes on a screen of `size`.
    public static func rect(in size: Size, maxWidth: Int) -> Rect {
        Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
            .centered(width: min(maxWidth, size.width - 4), height: size.height - 4)
    }

    @discardableResult
    public func draw(in screen: Painter) -> Painter {
        let box = screen.sub(Self.rect(in: Size(width: screen.width, height: screen.height), maxWidth: maxWidth))
        box.fill(.help)
        box.box(title: [(" " + title + " ", .helpKey)], border: .help, glyphs: glyphs)
        let shown = " " + footer + " "
        box.text(shown, x: max(1, box.width - 2 - TextWidth.of(shown)), y: box.height - 1, role: .helpKey)
        return box.sub(Rect(x: 2, y: 1, width: box.width - 4, height: box.height - 2))
    }
}
