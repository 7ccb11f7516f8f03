/// The first line of a trace file: what it is and which version of the event schema it uses.
public struct TraceHeader: Sendable, Equatable, Codable {
    public static let formatName = "mastui-trace"
    /// Bumped whenever a change to `MASEvent` would make older readers misread a trace.
    /// 2: `warning` events, `runStarted.method`, per-round `answer`s, collapse signals in hops (1 still reads).
    public static let currentSchemaVersion = 2

    public var format: String
    public var schemaVersion: Int
    /// The engine version that wrote the trace.
    public var engineVersion: String
    /// Seconds since 1970-01-01 UTC.
    public var createdAt: Double

    public init(engineVersion: String = MASKitVersion.string, createdAt: Double) {
        format = Self.formatName
        schemaVersion = Self.currentSchemaVersion
        self.engineVersion = engineVersion
        self.createdAt = createdAt
    }
}
