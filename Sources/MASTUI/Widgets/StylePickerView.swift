/// The style picker: every style found (built in or the user's) on the left, the highlighted one's
/// family, schedule, agents with their models (architecture, size, where the checkpoint is or how to fetch
/// it), memory, whether it can run, and its file on the right.
public struct StylePickerView {
    public var styles: [StyleChoice]
    public var selection: Int
    /// The style the next question runs with.
    public var current: String
    public var glyphs: Glyphs

    public func draw(in screen: Painter) {
        let inside = OverlayFrame(title: "styles", footer: "Enter load \(glyphs.dot) Esc close", maxWidth: 100,
                                  glyphs: glyphs).draw(in: screen)
        guard !styles.isEmpty else {
            inside.text("no styles found: put .toml files in ./styles or ~/.config/mastui/styles", x: 0, y: 0,
                        role: .help)
            return
        }
        let listWidth = min(30, max(18, inside.width / 3))
        let list = inside.sub(Rect(x: 0, y: 0, width: listWidth, height: inside.height))
        let first = max(0, min(selection - list.height + 1, styles.count - list.height))
        for (row, index) in styles.indices.dropFirst(max(0, first)).prefix(list.height).enumerated() {
            let style = styles[index]
            let selected = index == selection
            let role: ThemeRole = selected ? .selected : .help
            if selected { list.sub(Rect(x: 0, y: row, width: list.width, height: 1)).fill(.selected) }
            let mark = selected ? String(glyphs.pointer) : " "
            let loaded = style.name == current ? "*" : " "
            // × marks a style that cannot run here (the detail says why); one column keeps names readable at 80.
            let tag = style.problem != nil ? "broken"
                : style.readiness?.canRun == false ? String(glyphs.times) : (style.builtIn ? "" : "user")
            let nameWidth = list.width - 3 - TextWidth.of(tag) - 1
            list.text(mark + loaded + " " + TextWidth.truncate(style.name, to: nameWidth, ellipsis: glyphs.ellipsis),
                      x: 0, y: row, role: role)
            list.text(tag, x: list.width - TextWidth.of(tag), y: row, role: selected ? .selected : .inactive)
        }
        let detail = inside.sub(Rect(x: listWidth + 2, y: 0, width: inside.width - listWidth - 2, height: inside.height))
        if styles.indices.contains(selection) { drawDetail(styles[selection], in: detail) }
    }

    private func drawDetail(_ style: StyleChoice, in painter: Painter) {
        var y = 0
        func line(_ text: String, _ role: ThemeRole, indent: Int = 0) {
            for row in TextWrap.rows(of: text, width: max(1, painter.width - indent)) {
                painter.text(row, x: indent, y: y, role: role)
                y += 1
            }
        }
        line(style.name + (style.name == current ? "  (current)" : ""), .helpKey)
        if let problem = style.problem {
            line(problem, .error)
            return
        }
        line("\(style.family) \(glyphs.dot) \(style.rounds) rounds \(glyphs.times) \(style.latentSteps) latent steps", .help)
        y += 1
        if !style.description.isEmpty {
            line(style.description, .help)
            y += 1
        }
        line("agents", .helpKey)
        let nameWidth = min(14, (style.agents.map { TextWidth.of($0.name) }.max() ?? 0) + 2)
        for (index, agent) in style.agents.enumerated() {
            painter.text(agent.name, x: 2, y: y, role: .help)
            painter.text(TextWidth.truncate(agent.model, to: painter.width - nameWidth - 2, ellipsis: glyphs.ellipsis),
                         x: 2 + nameWidth, y: y, role: .inactive)
            y += 1
            if let found = style.readiness.flatMap({ $0.agents.indices.contains(index) ? $0.agents[index] : nil }) {
                line(ReadinessText.model(found), .inactive, indent: 2 + nameWidth)
                line(ReadinessText.status(found), found.problem == nil ? .inactive : .error, indent: 2 + nameWidth)
            }
        }
        if let readiness = style.readiness {
            if let outer = readiness.outerLinks {
                line("outer links " + outer.id, .help, indent: 2)
                line(ReadinessText.outerLinks(outer), outer.location == nil ? .error : .inactive, indent: 2 + nameWidth)
            }
            line(ReadinessText.memory(readiness), .help, indent: 2)
            line(ReadinessText.verdict(readiness), readiness.canRun ? .help : .error)
        }
        y += 1
        line(style.builtIn ? "built in" : "found in your styles", .inactive)
        line(style.path, .inactive)
    }
}
