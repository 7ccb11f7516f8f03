import Foundation

/// One tool call in full: which agent called which tool, the status and time, then the arguments
/// and the whole result, wrapped and scrollable.
public struct ToolInspectorView {
    public var calls: [ToolCallRecord]
    public var index: Int
    public var scroll: Int
    public var glyphs: Glyphs

    /// What the status column says, and in which role: running calls have no status yet.
    public static func status(of call: ToolCallRecord) -> (String, ThemeRole) {
        guard let status = call.status else { return ("running", .warn) }
        switch status {
        case .ok: return ("ok", .ok)
        case .error, .timeout: return (status.rawValue, .error)
        case .cancelled, .refused: return (status.rawValue, .warn)
        }
    }

    /// The scrollable body: sections of wrapped text, with their roles.
    public func body(width: Int) -> [(String, ThemeRole)] {
        guard calls.indices.contains(index) else { return [] }
        let call = calls[index]
        var lines: [(String, ThemeRole)] = [("arguments", .helpKey)]
        lines += TextWrap.rows(of: call.arguments.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                               width: max(1, width - 2)).map { ("  " + $0, .help) }
        lines.append(("", .help))
        lines.append(("result", .helpKey))
        if let output = call.output {
            let rows = TextWrap.rows(of: output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
                                     width: max(1, width - 2))
            lines += (rows.isEmpty ? ["(empty)"] : rows).map { ("  " + $0, .help) }
        } else {
            lines.append(("  (still running)", .inactive))
        }
        return lines
    }

    public func draw(in screen: Painter) {
        guard calls.indices.contains(index) else { return }
        let call = calls[index]
        let inside = OverlayFrame(title: "tool call \(index + 1)/\(calls.count) \(glyphs.dot) \(call.tool)",
                                  footer: "Left Right other calls \(glyphs.dot) Esc back", maxWidth: 110,
                                  glyphs: glyphs).draw(in: screen)
        var x = inside.text("agent ", x: 0, y: 0, role: .inactive)
        x = inside.text(call.agent, x: x, y: 0, role: .helpKey)
        x = inside.text("   tool ", x: x, y: 0, role: .inactive)
        x = inside.text(call.tool, x: x, y: 0, role: .helpKey)
        x = inside.text("   status ", x: x, y: 0, role: .inactive)
        let (status, role) = Self.status(of: call)
        x = inside.text(status, x: x, y: 0, role: role)
        if let seconds = call.seconds {
            x = inside.text("   time ", x: x, y: 0, role: .inactive)
            inside.text(String(format: "%.2f s", seconds), x: x, y: 0, role: .help)
        }
        let area = inside.sub(Rect(x: 0, y: 2, width: inside.width, height: inside.height - 2))
        let lines = body(width: area.width)
        let first = min(scroll, max(0, lines.count - area.height))
        for (y, (text, role)) in lines.dropFirst(first).prefix(area.height).enumerated() {
            area.text(text, x: 0, y: y, role: role)
        }
        if lines.count > area.height {
            let position = " \(min(lines.count, first + area.height))/\(lines.count) lines "
            inside.text(position, x: inside.width - TextWidth.of(position), y: 0, role: .inactive)
        }
    }
}
