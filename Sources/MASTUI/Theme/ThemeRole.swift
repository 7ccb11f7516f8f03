/// What a cell shows, in theme terms. Widgets paint roles; the theme and the colour depth turn a
/// role into colours and attributes only when the frame reaches the terminal.
public enum ThemeRole: Hashable, Sendable {
    case main, title, border, borderFocus, inactive
    case status, statusKey, selected, help, helpKey
    /// The accent of the agent at this index (0-based), cycling through the theme's agent colours.
    case agent(Int)
    case token, tokenAlt, tool, message, ok, warn, error
    /// A latent-norm level from 0 (low) to `ThemeRole.latentLevels - 1` (high).
    case latent(Int)

    public static let latentLevels = 8
}
