/// How fast a replay re-emits a trace.
public enum ReplayPacing: Sendable, Equatable {
    /// The gaps between the recorded timestamps, divided by `speed` (2 plays twice as fast).
    case original(speed: Double)
    /// No waiting at all.
    case asFastAsPossible
}

/// Re-emits a trace's events as a live stream, so a consumer cannot tell a replay from a run.
public struct TraceReplay: Sendable {
    public let events: [MASEventEnvelope]
    public let pacing: ReplayPacing

    public init(events: [MASEventEnvelope], pacing: ReplayPacing) {
        self.events = events
        self.pacing = pacing
    }

    public init(trace: Trace, pacing: ReplayPacing) {
        self.init(events: trace.events, pacing: pacing)
    }

    /// The seconds to wait before emitting event `index`.
    public func delay(before index: Int) -> Double {
        guard index > 0, case let .original(speed) = pacing, speed > 0 else { return 0 }
        return Self.pacedGap(events[index].timestamp - events[index - 1].timestamp) / speed
    }

    /// The longest recorded pause a replay reproduces: a trace whose clock jumps (a suspended machine, a
    /// hostile file) would otherwise freeze the replay for as long as it says.
    public static let longestGap = 5.0

    /// A recorded gap as replays wait it: within 0…`longestGap`, 0 when it is not a number.
    public static func pacedGap(_ gap: Double) -> Double {
        gap.isFinite ? min(max(0, gap), longestGap) : 0
    }

    /// The events in order, paced; cancelling the consumer stops the replay.
    public func stream() -> AsyncStream<MASEventEnvelope> {
        AsyncStream(bufferingPolicy: .unbounded) { continuation in
            let task = Task {
                for index in events.indices {
                    let wait = delay(before: index)
                    if wait > 0 {
                        do { try await Task.sleep(for: .seconds(wait)) } catch { break }
                    }
                    if Task.isCancelled { break }
                    continuation.yield(events[index])
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
