/// A trace as read from a file: its header and its events in order.
public struct Trace: Sendable, Equatable {
    public var header: TraceHeader
    public var events: [MASEventEnvelope]
    /// True when the last line was cut off (the writer was killed mid-line) and was left out.
    public var droppedTruncatedLine: Bool

    public init(header: TraceHeader, events: [MASEventEnvelope], droppedTruncatedLine: Bool = false) {
        self.header = header
        self.events = events
        self.droppedTruncatedLine = droppedTruncatedLine
    }
}
