import Synchronization

/// Stamps a run's events and hands them to its stream, from any thread (the runner, a tool call),
/// in the order they are emitted.
final class RunEventSink: Sendable {
    private let stamper: Mutex<EventStamper>
    private let continuation: AsyncStream<MASEventEnvelope>.Continuation

    init(stamper: EventStamper, continuation: AsyncStream<MASEventEnvelope>.Continuation) {
        self.stamper = Mutex(stamper)
        self.continuation = continuation
    }

    func emit(_ event: MASEvent) {
        stamper.withLock { stamper in _ = continuation.yield(stamper.stamp(event)) }
    }

    func finish() {
        continuation.finish()
    }
}
