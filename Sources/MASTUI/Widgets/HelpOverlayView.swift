import Foundation

/// The help overlay, generated from the keymap table: every context's bindings with their keys.
public struct HelpOverlayView {
    public var keymap: Keymap
    public var scroll: Int
    public var glyphs: Glyphs

    public init(keymap: Keymap, scroll: Int, glyphs: Glyphs) {
        self.keymap = keymap
        self.scroll = scroll
        self.glyphs = glyphs
    }

    /// (text, role) lines of the help content.
    public var lines: [[(String, ThemeRole)]] {
        var lines: [[(String, ThemeRole)]] = []
        for context in [KeyContext.main, .editing, .styles, .tools, .inspector, .help] {
            if !lines.isEmpty { lines.append([]) }
            lines.append([(context.title, .helpKey)])
            for binding in keymap.bindings(in: context) {
                let keys = TextWidth.truncate(binding.displayKeys, to: 18, ellipsis: glyphs.ellipsis)
                lines.append([("  " + keys.padding(toLength: 20, withPad: " ", startingAt: 0), .helpKey),
                              (binding.description, .help)])
            }
        }
        return lines
    }

    public func draw(in painter: Painter) {
        let area = Rect(x: 0, y: 0, width: painter.width, height: painter.height)
            .centered(width: min(76, painter.width - 4), height: painter.height - 2)
        let box = painter.sub(area)
        box.fill(.help)
        box.box(title: [(" mastui help ", .helpKey)], border: .help, glyphs: glyphs)
        let inside = box.sub(Rect(x: 2, y: 1, width: box.width - 4, height: box.height - 2))
        let content = lines
        let first = min(scroll, max(0, content.count - inside.height))
        for (y, line) in content.dropFirst(first).prefix(inside.height).enumerated() {
            var x = 0
            for (text, role) in line { x = inside.text(text, x: x, y: y, role: role) }
        }
        let more = first + inside.height < content.count ? "more: PgDn \(glyphs.dot) " : ""
        let footer = " \(more)Esc close "
        box.text(footer, x: max(1, box.width - 2 - TextWidth.of(footer)), y: box.height - 1, role: .helpKey)
    }
}
