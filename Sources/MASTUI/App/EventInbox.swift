import MASKit
import Synchronization

/// Where engine events and session notices wait for the UI loop: any thread pushes, the UI thread
/// drains them all at once each turn of its loop. Nothing is dropped.
public final class EventInbox: Sendable {
    private let queue = Mutex<[Action]>([])
    private let finished = Mutex(false)

    public init() {}

    public func push(_ envelope: MASEventEnvelope) {
        queue.withLock { $0.append(.event(envelope)) }
    }

    public func post(_ notice: SessionNotice) {
        queue.withLock { $0.append(.session(notice)) }
    }

    /// Marks that the source has no more events.
    public func finish() {
        finished.withLock { $0 = true }
    }

    public var isFinished: Bool {
        finished.withLock { $0 }
    }

    public func drain() -> [Action] {
        queue.withLock { queue in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
    }

    /// Copies every event of `stream` into the inbox.
    public func feed(from stream: AsyncStream<MASEventEnvelope>) async {
        for await envelope in stream { push(envelope) }
    }
}
