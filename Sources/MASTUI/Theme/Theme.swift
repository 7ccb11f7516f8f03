/// A complete theme: every key has an entry, and every role resolves to a style.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var entries: [ThemeKey: ThemeEntry]

    /// Fills the keys a file leaves out: `border_focus` from `title`, the latent gradient from
    /// `agent_1`, then the built-in fallback.
    public init(name: String, file: ThemeFile) {
        self.name = name
        var entries = file.entries
        if entries[.borderFocus] == nil, let title = entries[.title] { entries[.borderFocus] = title }
        for key in [ThemeKey.latentStart, .latentMid, .latentEnd] where entries[key] == nil {
            if let accent = entries[.agent1] { entries[key] = accent }
        }
        for key in ThemeKey.allCases where entries[key] == nil {
            entries[key] = Self.fallbackEntries[key]
        }
        self.entries = entries
    }

    /// A 16-colour theme that works on any colour terminal, used when no theme file is found.
    public static let fallback = Theme(name: "default", file: ThemeFile(parsing: "", fileName: "built-in"))

    private static let fallbackEntries: [ThemeKey: ThemeEntry] = {
        func entry(_ color: Int?, _ attributes: TextAttributes = []) -> ThemeEntry {
            ThemeEntry(color: color.map(ThemeColor.ansi), attributes: attributes)
        }
        var entries: [ThemeKey: ThemeEntry] = [
            .mainBg: entry(nil), .mainFg: entry(nil), .title: entry(15, .bold), .border: entry(8),
            .borderFocus: entry(14, .bold), .hiFg: entry(11, .bold), .selectedBg: entry(4),
            .selectedFg: entry(15), .inactiveFg: entry(8), .statusBg: entry(0), .statusFg: entry(7),
            .helpBg: entry(0), .helpFg: entry(7), .tokenFg: entry(nil), .tokenAlt: entry(7),
            .toolFg: entry(13), .msgFg: entry(6), .okFg: entry(10), .warnFg: entry(11), .errorFg: entry(9),
            .latentStart: entry(4), .latentMid: entry(6), .latentEnd: entry(11),
        ]
        for (index, key) in ThemeKey.agents.enumerated() { entries[key] = entry([14, 13, 11, 10, 12, 9, 6, 5][index]) }
        return entries
    }()

    public func style(for role: ThemeRole, depth: ColorDepth) -> TextStyle {
        depth == .mono ? Self.monoStyle(for: role) : colorStyle(for: role)
    }

    private func colorStyle(for role: ThemeRole) -> TextStyle {
        func on(_ fg: ThemeKey, _ bg: ThemeKey = .mainBg, _ extra: TextAttributes = []) -> TextStyle {
            let entry = entries[fg] ?? ThemeEntry()
            return TextStyle(foreground: entry.color, background: entries[bg]?.color,
                             attributes: entry.attributes.union(extra))
        }
        switch role {
        case .main: return on(.mainFg)
        case .title: return on(.title)
        case .border: return on(.border)
        case .borderFocus: return on(.borderFocus)
        case .inactive: return on(.inactiveFg)
        case .status: return on(.statusFg, .statusBg)
        case .statusKey: return on(.hiFg, .statusBg)
        case .selected: return on(.selectedFg, .selectedBg)
        case .help: return on(.helpFg, .helpBg)
        case .helpKey: return on(.hiFg, .helpBg)
        case let .agent(index): return on(ThemeKey.agents[((index % 8) + 8) % 8], .mainBg, .bold)
        case .token: return on(.tokenFg)
        case .tokenAlt: return on(.tokenAlt)
        case .tool: return on(.toolFg)
        case .message: return on(.msgFg)
        case .ok: return on(.okFg)
        case .warn: return on(.warnFg)
        case .error: return on(.errorFg)
        case let .latent(level): return TextStyle(foreground: latentColor(level), background: entries[.mainBg]?.color)
        }
    }

    /// The latent gradient: start → mid over the lower half of the levels, mid → end above.
    private func latentColor(_ level: Int) -> ThemeColor? {
        let top = Double(ThemeRole.latentLevels - 1)
        let t = min(1, max(0, Double(level) / top))
        guard let start = entries[.latentStart]?.color, let mid = entries[.latentMid]?.color,
              let end = entries[.latentEnd]?.color else { return entries[.latentMid]?.color }
        return t < 0.5 ? start.mixed(with: mid, t * 2) : mid.mixed(with: end, (t - 0.5) * 2)
    }

    /// Without colour, roles differ by attributes (the text also names every state).
    public static func monoStyle(for role: ThemeRole) -> TextStyle {
        switch role {
        case .main, .token, .border, .help, .message, .latent: TextStyle()
        case .tokenAlt, .inactive: TextStyle(attributes: .dim)
        case .title, .borderFocus, .agent, .helpKey, .ok, .tool: TextStyle(attributes: .bold)
        case .status, .selected: TextStyle(attributes: .reverse)
        case .statusKey: TextStyle(attributes: [.reverse, .bold])
        case .warn: TextStyle(attributes: .underline)
        case .error: TextStyle(attributes: [.bold, .underline])
        }
    }
}
