import Foundation

/// The run's tool calls, oldest first: agent, tool, status, time and the start of the arguments.
public struct ToolListView {
    public var calls: [ToolCallRecord]
    public var selection: Int
    public var glyphs: Glyphs

    public func draw(in screen: Painter) {
        let inside = OverlayFrame(title: "tool calls", footer: "Enter open \(glyphs.dot) Esc close", maxWidth: 110,
                                  glyphs: glyphs).draw(in: screen)
        guard !calls.isEmpty else {
            inside.text("No tool calls in this run yet.", x: 0, y: 0, role: .help)
            inside.text("Agents of the deliberation styles call python and search; their calls show here.",
                        x: 0, y: 2, role: .inactive)
            return
        }
        let agentWidth = min(12, max(5, calls.map { TextWidth.of($0.agent) }.max() ?? 0))
        let columns = [("#", 4), ("agent", agentWidth + 1), ("tool", 8), ("status", 10), ("time", 8)]
        var x = 2
        for (name, width) in columns {
            inside.text(name, x: x, y: 0, role: .inactive)
            x += width
        }
        inside.text("arguments", x: x, y: 0, role: .inactive)
        let rows = inside.height - 1
        let first = max(0, min(selection - rows + 1, calls.count - rows))
        for (row, index) in calls.indices.dropFirst(max(0, first)).prefix(rows).enumerated() {
            let call = calls[index], y = row + 1, selected = index == selection
            if selected { inside.sub(Rect(x: 0, y: y, width: inside.width, height: 1)).fill(.selected) }
            let role: ThemeRole = selected ? .selected : .help
            inside.text(selected ? String(glyphs.pointer) : " ", x: 0, y: y, role: role)
            let cells = ["\(index + 1)", call.agent, call.tool]
            var x = 2
            for (text, (_, width)) in zip(cells, columns) {
                inside.text(TextWidth.truncate(text, to: width - 1, ellipsis: glyphs.ellipsis), x: x, y: y, role: role)
                x += width
            }
            let (status, statusRole) = ToolInspectorView.status(of: call)
            inside.text(status, x: x, y: y, role: selected ? .selected : statusRole)
            x += columns[3].1
            inside.text(call.seconds.map { String(format: "%.2f s", $0) } ?? "", x: x, y: y, role: role)
            x += columns[4].1
            let arguments = call.arguments.split(separator: "\n").joined(separator: " \(glyphs.dot) ")
            inside.text(TextWidth.truncate(arguments, to: inside.width - x, ellipsis: glyphs.ellipsis), x: x, y: y, role: role)
        }
    }
}
