import Foundation

/// Wraps a run's events in envelopes: one run id, sequence numbers 1, 2, 3…, and the wall clock.
/// Whoever emits a run's events owns one stamper and stamps every event through it.
public struct EventStamper: Sendable {
    public let runID: String
    public private(set) var lastSequence = 0
    private let clock: @Sendable () -> Double

    public init(runID: String = UUID().uuidString.lowercased(),
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.runID = runID
        self.clock = clock
    }

    public mutating func stamp(_ event: MASEvent) -> MASEventEnvelope {
        lastSequence += 1
        return MASEventEnvelope(runID: runID, sequence: lastSequence, timestamp: clock(), event: event)
    }
}
