/// How far a style file or the command line may push a run: past these a run would take hours or exhaust
/// memory before showing anything, so a setting asking for more is refused, naming the bound.
public enum ScheduleLimits {
    public static let rounds = 1...64
    public static let latentSteps = 1...4096
    /// Decoded tokens per stage (the context ends a stage earlier anyway).
    public static let newTokens = 1...(1 << 20)
    public static let toolCalls = 1...100
    public static let toolResultCharacters = 1...1_000_000
    /// Seconds one python call may run.
    public static let pythonTimeout = 600.0

    /// "must be at least 1, not 0" / "must be at most 64, not 100000", nil within `range`.
    public static func problem(_ value: Int, _ range: ClosedRange<Int>) -> String? {
        if value < range.lowerBound { return "must be at least \(range.lowerBound), not \(value)" }
        if value > range.upperBound { return "must be at most \(range.upperBound), not \(value)" }
        return nil
    }
}
