import MASKit

/// Plays a recorded trace into the inbox with the same stepping as a live run, plus speed control.
public final class ReplaySession: Sendable {
    private let inbox: EventInbox
    private let player: ReplayPlayer

    public init(trace: Trace, speed: Double, stepMode: StepMode, inbox: EventInbox) {
        self.inbox = inbox
        player = ReplayPlayer(trace: trace, speed: speed, stepMode: stepMode)
    }

    /// Plays the whole trace; the inbox is finished afterwards.
    public func play() async {
        async let outcome = player.play()
        await inbox.feed(from: player.events)
        inbox.post(.runEnded(await outcome))
        inbox.finish()
    }

    public func perform(_ request: EngineRequest) -> String? {
        switch request {
        case .ask: return "a replay cannot run new questions (start mastui without --replay)"
        case .loadStyle: return "a replay cannot load styles (start mastui without --replay)"
        case let .control(command): player.send(command)
        case let .speed(speed): player.speed = speed
        }
        return nil
    }

    public func cancel() {
        player.send(.cancel)
    }
}
