/// The keys a theme file may set (`theme[key]="value"`), a closed set.
public enum ThemeKey: String, CaseIterable, Sendable {
    case mainBg = "main_bg", mainFg = "main_fg", title, border, borderFocus = "border_focus"
    case hiFg = "hi_fg", selectedBg = "selected_bg", selectedFg = "selected_fg"
    case inactiveFg = "inactive_fg", statusBg = "status_bg", statusFg = "status_fg"
    case helpBg = "help_bg", helpFg = "help_fg"
    case agent1 = "agent_1", agent2 = "agent_2", agent3 = "agent_3", agent4 = "agent_4"
    case agent5 = "agent_5", agent6 = "agent_6", agent7 = "agent_7", agent8 = "agent_8"
    case tokenFg = "token_fg", tokenAlt = "token_alt", toolFg = "tool_fg", msgFg = "msg_fg"
    case okFg = "ok_fg", warnFg = "warn_fg", errorFg = "error_fg"
    case latentStart = "latent_start", latentMid = "latent_mid", latentEnd = "latent_end"

    public static let agents: [ThemeKey] = [.agent1, .agent2, .agent3, .agent4, .agent5, .agent6, .agent7, .agent8]
}
