/// The bottom row: run summary on the left (style, round, stage, source, elapsed) or a notice,
/// and the key hints of the live key context on the right, taken from the keymap.
public struct StatusBarView {
    public var state: AppState
    public var keymap: Keymap
    public var glyphs: Glyphs

    public static let keptHints = 2

    public func draw(in painter: Painter) {
        painter.fill(.status)
        var hints = keymap.bindings(in: state.keyContext).compactMap { binding in
            binding.hint.map { (binding.keys[0].label, $0) }
        }
        func width(_ hints: some Collection<(String, String)>) -> Int {
            hints.reduce(0) { $0 + TextWidth.of($1.0) + TextWidth.of($1.1) + 2 }
        }
        // The first two hints (help, quit) always stay; the summary gives way to them.
        let reserved = width(hints.prefix(Self.keptHints))
        let left = TextWidth.truncate(" " + (state.notice ?? summary), to: painter.width - reserved - 1,
                                      ellipsis: glyphs.ellipsis)
        let leftEnd = painter.text(left, x: 0, y: 0, role: state.notice == nil ? .status : .statusKey)
        while hints.count > Self.keptHints, leftEnd + 1 + width(hints) > painter.width { hints.removeLast() }
        var x = painter.width - width(hints)
        for (key, hint) in hints {
            x = painter.text(key, x: x, y: 0, role: .statusKey)
            x = painter.text(" " + hint + " ", x: x, y: 0, role: .status)
        }
    }

    public var summary: String {
        guard let run = state.run else {
            return ([state.sourceLabel ?? "no run"]).joined(separator: glyphs.separator)
        }
        var parts = [run.style, "round \(run.round)/\(run.rounds)", stageText(run)]
        if let source = state.sourceLabel { parts.append(source) }
        parts.append(Formatting.elapsed(run.elapsed))
        return parts.joined(separator: glyphs.separator)
    }

    private func stageText(_ run: RunState) -> String {
        if let paused = run.paused {
            return "paused before " + (paused.agent.map { "\($0)'s stage" } ?? "round \(paused.round)")
        }
        if run.finished != nil { return run.lastError == nil ? "finished" : "finished with errors" }
        if let stage = run.stage { return "\(stage.agent) \(stage.kind.rawValue)" }
        return run.lastError == nil ? "between stages" : "error"
    }
}
