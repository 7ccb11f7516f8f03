/// The bottom row: run summary on the left (style, round, stage, step mode, source, elapsed), a
/// notice or the pause, and the key hints of the live key context on the right, from the keymap.
public struct StatusBarView {
    public var state: AppState
    public var keymap: Keymap
    public var glyphs: Glyphs

    /// The first hints (help, quit, and the pause's step and continue) always stay.
    public static let keptHints = 2

    /// One key hint and the columns it covers in the bar (clicking there presses the key).
    public struct Hint {
        public var key: Key
        public var label: String
        public var columns: Range<Int>
    }

    public func draw(in painter: Painter) {
        painter.fill(.status)
        let (left, leftRole) = leftText
        let placed = hints(width: painter.width)
        let room = (placed.first?.columns.lowerBound ?? painter.width) - 1
        painter.text(TextWidth.truncate(left, to: room, ellipsis: glyphs.ellipsis), x: 0, y: 0, role: leftRole)
        for hint in placed {
            let x = painter.text(hint.key.label, x: hint.columns.lowerBound, y: 0, role: .statusKey)
            painter.text(" " + hint.label + " ", x: x, y: 0, role: .status)
        }
    }

    /// The hints that fit beside the left text, right-aligned; the first ones stay even when the
    /// left text must give way.
    public func hints(width: Int) -> [Hint] {
        var hints = keymap.bindings(in: state.keyContext).compactMap { binding -> (Key, String)? in
            guard let hint = binding.hint, binding.hintWhen.holds(in: state) else { return nil }
            return (binding.keys[0], hint)
        }
        func span(_ hints: some Collection<(Key, String)>) -> Int {
            hints.reduce(0) { $0 + TextWidth.of($1.0.label) + TextWidth.of($1.1) + 2 }
        }
        let kept = state.isPaused && state.keyContext == .main ? Self.keptHints + 2 : Self.keptHints
        let leftWidth = min(TextWidth.of(leftText.0), max(0, width - span(hints.prefix(kept)) - 1))
        while hints.count > kept, leftWidth + 1 + span(hints) > width { hints.removeLast() }
        var x = width - span(hints)
        return hints.map { key, label in
            let end = x + TextWidth.of(key.label) + TextWidth.of(label) + 2
            defer { x = end }
            return Hint(key: key, label: label, columns: x..<end)
        }
    }

    private var leftText: (String, ThemeRole) {
        if let notice = state.notice { return (" " + notice, .statusKey) }
        if let paused = state.run?.paused, state.keyContext == .main {
            let place = paused.agent.map { "\($0)'s stage (round \(paused.round))" } ?? "round \(paused.round)"
            return (" PAUSED before \(place)", .statusKey)
        }
        return (" " + summary, .status)
    }

    public var summary: String {
        guard let run = state.run else {
            var parts = [state.sourceLabel ?? "style \(state.styleName)", "steps: \(state.stepMode.rawValue)"]
            if let loading = state.loading { parts.append("loading \(loading.style)") }
            return parts.joined(separator: glyphs.separator)
        }
        var parts = [run.style, "round \(run.round)/\(run.rounds)", stageText(run), "steps: \(state.stepMode.rawValue)"]
        if let source = state.sourceLabel {
            parts.append(source + (state.replaySpeed.map { " " + Reducer.speedText($0) } ?? ""))
        }
        if !run.warnings.isEmpty { parts.append("\(run.warnings.count) warning\(run.warnings.count == 1 ? "" : "s")") }
        parts.append(Formatting.elapsed(run.elapsed))
        return parts.joined(separator: glyphs.separator)
    }

    private func stageText(_ run: RunState) -> String {
        if let paused = run.paused {
            return "paused before " + (paused.agent.map { "\($0)'s stage" } ?? "round \(paused.round)")
        }
        if run.finished != nil { return run.lastError == nil ? "finished" : "finished with errors" }
        if let stage = run.stage { return "\(stage.agent) \(stage.kind.rawValue)" }
        if !state.engineBusy, run.lastError != nil { return run.lastError == "cancelled" ? "cancelled" : "error" }
        return run.lastError == nil ? "between stages" : "error"
    }
}
