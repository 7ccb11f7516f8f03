import Synchronization

/// When a stepped run stops to wait for the user.
public enum StepMode: String, Sendable, CaseIterable, Codable {
    /// Never.
    case continuous
    /// Before every round after the first.
    case round
    /// Before every stage after the first.
    case stage
}

/// What the user can tell a running run.
public enum RunnerCommand: Sendable, Equatable {
    case setStepMode(StepMode)
    /// Go on to the next boundary of the step mode (when paused).
    case step
    /// Stop pausing: switch to continuous and go on.
    case `continue`
    /// Stop at the next latent step, token or boundary.
    case cancel
}

/// The run's side of the commands: any thread sends, the run checks at its boundaries and waits there.
final class RunControl: Sendable {
    private struct State {
        var mode: StepMode
        var cancelled = false
        var paused = false
        /// A resume that arrived before the run started waiting.
        var resumeRequested = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Stops work that only hears Swift task cancellation (a running tool).
        var onCancel: (@Sendable () -> Void)?
    }

    private let state: Mutex<State>

    init(mode: StepMode) {
        state = Mutex(State(mode: mode))
    }

    func send(_ command: RunnerCommand) {
        let (waiter, onCancel) = state.withLock { state -> (CheckedContinuation<Void, Never>?, (@Sendable () -> Void)?) in
            switch command {
            case .setStepMode(let mode):
                state.mode = mode
                return (nil, nil)
            case .step:
                return (Self.resume(&state), nil)
            case .continue:
                state.mode = .continuous
                return (Self.resume(&state), nil)
            case .cancel:
                state.cancelled = true
                defer { state.onCancel = nil }
                return (Self.resume(&state), state.onCancel)
            }
        }
        waiter?.resume()
        onCancel?()
    }

    /// `handler` runs once when the run is cancelled (at once if it already is).
    func setCancelHandler(_ handler: @escaping @Sendable () -> Void) {
        let now = state.withLock { state in
            if state.cancelled { return true }
            state.onCancel = handler
            return false
        }
        if now { handler() }
    }

    private static func resume(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        guard state.paused else { return nil }
        if let waiter = state.waiter {
            state.waiter = nil
            state.paused = false
            return waiter
        }
        state.resumeRequested = true
        return nil
    }

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func checkCancelled() throws(RunCancelled) {
        if isCancelled { throw RunCancelled() }
    }

    /// Marks the run paused if the step mode stops at `boundary`; the caller then reports the pause
    /// and calls `waitForResume`. Marking first means a command sent as soon as the pause is seen
    /// is never lost.
    func beginPause(at boundary: PausePoint.Boundary) -> Bool {
        state.withLock { state in
            let stops = switch (state.mode, boundary) {
            case (.round, .round), (.stage, .stage): true
            default: false
            }
            guard stops, !state.cancelled else { return false }
            state.paused = true
            state.resumeRequested = false
            return true
        }
    }

    func waitForResume() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                if state.resumeRequested || state.cancelled || !state.paused {
                    state.paused = false
                    state.resumeRequested = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}

/// The run was cancelled by the user.
struct RunCancelled: Error {}
