/// A window drawn over the panes; it takes the keys while open.
public enum Overlay: Equatable, Sendable {
    case help
    /// The style picker.
    case styles
    /// The list of the run's tool calls.
    case tools
    /// One tool call in full, by its index in the run's tool calls.
    case inspector(Int)
}
