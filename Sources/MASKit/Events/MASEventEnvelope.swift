/// An event as it travels: stamped with its run, its place in the run and the time it happened.
/// Encodes flat, with `run`, `seq` and `time` beside the event's own fields.
public struct MASEventEnvelope: Sendable, Equatable, Codable {
    public var runID: String
    /// Starts at 1 and grows by one per event of the run.
    public var sequence: Int
    /// Seconds since 1970-01-01 UTC.
    public var timestamp: Double
    public var event: MASEvent

    public init(runID: String, sequence: Int, timestamp: Double, event: MASEvent) {
        self.runID = runID
        self.sequence = sequence
        self.timestamp = timestamp
        self.event = event
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run", sequence = "seq", timestamp = "time"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runID = try c.decode(String.self, forKey: .runID)
        sequence = try c.decode(Int.self, forKey: .sequence)
        timestamp = try c.decode(Double.self, forKey: .timestamp)
        event = try MASEvent(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runID, forKey: .runID)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(timestamp, forKey: .timestamp)
        try event.encode(to: encoder)
    }
}
