import MASKit

/// What the UI asks of whatever produces its events (a live session or a replay). The UI thread
/// hands requests over and goes on at once; results come back as events and session notices.
public enum EngineRequest: Equatable, Sendable {
    /// Run `question` with the style named `style`, pausing as `stepMode` says.
    case ask(question: String, style: String, stepMode: StepMode)
    /// Load a style ahead of the next question.
    case loadStyle(String)
    /// Step, continue, change step mode or cancel the run in flight.
    case control(RunnerCommand)
    /// Replay speed: 1 is the recorded pace, 0 as fast as possible.
    case speed(Double)
}

/// What a session reports about itself, beside the run's own events.
public enum SessionNotice: Equatable, Sendable {
    /// Loading a style, with what is being done now.
    case loadingStyle(name: String, detail: String)
    case styleReady(name: String, warnings: Int)
    case styleFailed(name: String, message: String)
    /// The run (or replay) is over; the engine takes new questions again.
    case runEnded(RunOutcome)
    /// A request was not carried out, with why.
    case refused(EngineRequest, reason: String)
}
