import Synchronization

/// Plays a trace the way a live run plays: paced by the recorded gaps at an adjustable speed, and
/// stepped like `Runner` — it pauses at the same round or stage boundaries under the same
/// `RunnerCommand`s, reporting `paused`/`resumed` itself (pauses recorded in the trace are left
/// out). Sequence numbers are renumbered 1, 2, 3…; timestamps stay as recorded.
public final class ReplayPlayer: Sendable {
    /// Unbounded, like a runner's: nothing is dropped.
    public let events: AsyncStream<MASEventEnvelope>
    private let continuation: AsyncStream<MASEventEnvelope>.Continuation
    private let recorded: [MASEventEnvelope]
    private let control: RunControl
    private let speedFactor: Mutex<Double>

    /// The pace is slept in slices this long, so speed changes and cancels are heard at once.
    private static let sliceSeconds = 0.05

    /// The longest recorded pause a replay reproduces: a trace whose clock jumps (a suspended machine, a
    /// hostile file) would otherwise freeze the replay for as long as it says.
    public static let longestGap = 5.0

    /// A recorded gap as replays wait it (at speed 1): within 0…`longestGap`, 0 when it is not a number.
    public static func pacedGap(_ gap: Double) -> Double {
        gap.isFinite ? min(max(0, gap), longestGap) : 0
    }

    /// `speed` 1 keeps the recorded pace, 2 plays twice as fast, 0 plays without waiting.
    public init(events: [MASEventEnvelope], speed: Double, stepMode: StepMode) {
        recorded = events.filter {
            switch $0.event {
            case .paused, .resumed: false
            default: true
            }
        }
        speedFactor = Mutex(speed.isFinite ? max(0, speed) : 1)
        control = RunControl(mode: stepMode)
        (self.events, continuation) = AsyncStream.makeStream(of: MASEventEnvelope.self, bufferingPolicy: .unbounded)
    }

    public convenience init(trace: Trace, speed: Double, stepMode: StepMode) {
        self.init(events: trace.events, speed: speed, stepMode: stepMode)
    }

    public func send(_ command: RunnerCommand) {
        control.send(command)
    }

    public var speed: Double {
        get { speedFactor.withLock { $0 } }
        set { speedFactor.withLock { $0 = newValue.isFinite ? max(0, newValue) : 1 } }
    }

    /// Plays every event (or up to a cancel) and finishes `events`.
    public func play() async -> RunOutcome {
        defer { continuation.finish() }
        var sequence = 0
        var sawStage = false
        var answer = ""
        func emit(_ envelope: MASEventEnvelope) {
            sequence += 1
            var envelope = envelope
            envelope.sequence = sequence
            continuation.yield(envelope)
        }
        for (index, envelope) in recorded.enumerated() {
            if index > 0 { await wait(recordedSeconds: envelope.timestamp - recorded[index - 1].timestamp) }
            if let point = pausePoint(before: envelope.event, sawStage: &sawStage),
               control.beginPause(at: point.boundary) {
                emit(Self.envelope(.paused(at: point), like: envelope))
                await control.waitForResume()
                if !control.isCancelled { emit(Self.envelope(.resumed, like: envelope)) }
            }
            if control.isCancelled || Task.isCancelled {
                emit(Self.envelope(.error(agent: nil, message: "cancelled"), like: envelope))
                return .cancelled
            }
            if case let .answer(text, _, _, true) = envelope.event { answer = text }
            emit(envelope)
        }
        return .finished(answer: answer)
    }

    /// Where `Runner` would have paused before emitting `event`: before every round after the
    /// first, and before every stage after the run's first.
    private func pausePoint(before event: MASEvent, sawStage: inout Bool) -> PausePoint? {
        switch event {
        case let .roundStarted(round) where round > 1:
            return PausePoint(boundary: .round, round: round)
        case let .stageStarted(agent, round, _):
            defer { sawStage = true }
            return sawStage ? PausePoint(boundary: .stage, round: round, agent: agent) : nil
        default:
            return nil
        }
    }

    private func wait(recordedSeconds gap: Double) async {
        var remaining = Self.pacedGap(gap)
        while remaining > 0, !control.isCancelled, !Task.isCancelled {
            let speed = self.speed
            guard speed > 0 else { return }
            let slice = min(remaining, Self.sliceSeconds * speed)
            do { try await Task.sleep(for: .seconds(slice / speed)) } catch { return }
            remaining -= slice
        }
    }

    private static func envelope(_ event: MASEvent, like other: MASEventEnvelope) -> MASEventEnvelope {
        MASEventEnvelope(runID: other.runID, sequence: other.sequence, timestamp: other.timestamp, event: event)
    }
}
