import MASKit

extension Reducer {
    /// Replay speeds `>` and `<` step through; 0 (as fast as possible) sits above the fastest.
    public static let replaySpeeds: [Double] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 0]

    /// Stepping, step mode, cancel and replay speed: checked against what is running, then sent on.
    static func control(_ command: Command, on state: inout AppState) -> [AppEffect] {
        switch command {
        case .stepNext:
            guard state.isPaused else {
                state.notice = state.engineBusy
                    ? "not paused: the run steps by \(state.stepMode.rawValue)s (m changes it)"
                    : "no run: press / to ask a question"
                return []
            }
            return [.engine(.control(.step))]
        case .continueRun:
            guard state.engineBusy else {
                state.notice = "no run to continue"
                return []
            }
            state.stepMode = .continuous
            return [.engine(.control(.continue))]
        case .cycleStepMode:
            let modes: [StepMode] = [.round, .stage, .continuous]
            state.stepMode = modes[((modes.firstIndex(of: state.stepMode) ?? 0) + 1) % modes.count]
            state.notice = "step mode: " + stepModeText(state.stepMode)
            return state.engineBusy ? [.engine(.control(.setStepMode(state.stepMode)))] : []
        case .cancelRun:
            guard state.engineBusy else {
                state.notice = "no run to cancel"
                return []
            }
            state.notice = "cancelling…"
            return [.engine(.control(.cancel))]
        case .faster, .slower:
            guard let speed = state.replaySpeed else {
                state.notice = "speed control is for replays"
                return []
            }
            let index = replaySpeeds.firstIndex(of: speed) ?? replaySpeeds.firstIndex(of: 1) ?? 0
            let next = replaySpeeds[max(0, min(replaySpeeds.count - 1, index + (command == .faster ? 1 : -1)))]
            state.replaySpeed = next
            state.notice = "replay speed: " + speedText(next)
            return [.engine(.speed(next))]
        default:
            return []
        }
    }

    public static func stepModeText(_ mode: StepMode) -> String {
        switch mode {
        case .round: "pause before each round"
        case .stage: "pause before each stage"
        case .continuous: "continuous"
        }
    }

    public static func speedText(_ speed: Double) -> String {
        speed == 0 ? "as fast as possible" : (speed < 1 ? "×\(speed)" : "×\(Int(speed))")
    }

    /// Enter in a list: load the highlighted style, or open the highlighted tool call.
    static func choose(on state: inout AppState) -> [AppEffect] {
        switch state.overlay {
        case .styles?:
            guard state.styles.indices.contains(state.selection) else { return [] }
            let choice = state.styles[state.selection]
            // A style that cannot run is not made current: the next question would only fail.
            if let blocker = choice.blocker {
                state.notice = "\(choice.name): \(blocker)"
                return []
            }
            if state.engineBusy {
                state.notice = "a run is in flight: x cancels it, then pick a style"
                return []
            }
            state.overlay = nil
            state.styleName = choice.name
            return [.engine(.loadStyle(choice.name))]
        case .tools?:
            guard let calls = state.run?.toolCalls, calls.indices.contains(state.selection) else { return [] }
            state.overlay = .inspector(state.selection)
            state.overlayScroll = 0
            return []
        default:
            return []
        }
    }

    /// Moves the highlighted row of a list, or the call shown by the inspector.
    static func moveSelection(by step: Int, in state: inout AppState) {
        switch state.overlay {
        case .styles?:
            state.selection = max(0, min(state.styles.count - 1, state.selection + step))
        case .tools?:
            state.selection = max(0, min((state.run?.toolCalls.count ?? 0) - 1, state.selection + step))
        case let .inspector(index)?:
            let next = max(0, min((state.run?.toolCalls.count ?? 0) - 1, index + step))
            state.overlay = .inspector(next)
            state.selection = next
            state.overlayScroll = 0
        default:
            break
        }
    }

    /// Folds what the session says about itself into the state.
    static func apply(_ notice: SessionNotice, to state: inout AppState) {
        switch notice {
        case let .loadingStyle(name, detail):
            let since = state.loading?.style == name ? state.loading?.since ?? state.clock : state.clock
            state.loading = AppState.Loading(style: name, detail: detail, since: since)
        case let .styleReady(name, warnings):
            state.loading = nil
            if !state.engineBusy {
                state.notice = "\(name) loaded" + (warnings > 0 ? " with \(warnings) warning\(warnings == 1 ? "" : "s")" : "")
            }
        case let .styleFailed(name, message):
            state.loading = nil
            state.engineBusy = false
            state.notice = "cannot load \(name): \(message)"
        case let .runEnded(outcome):
            state.engineBusy = false
            state.loading = nil
            switch outcome {
            case .finished: break
            case .cancelled: state.notice = "run cancelled"
            case let .failed(message): state.notice = "run failed: \(message)"
            }
        case let .refused(request, reason):
            if case .ask = request { state.engineBusy = false }
            state.notice = reason
        }
    }
}
