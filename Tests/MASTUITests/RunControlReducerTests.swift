import MASKit
import MASTUI
import Testing

/// Stepping, step mode, cancel, replay speed, session notices, the style picker and the tool list,
/// as the pure reducer carries them out.
@Suite struct RunControlReducerTests {
    private func press(_ key: Key, _ state: inout AppState) -> [AppEffect] {
        guard let command = Keymap.standard.command(for: key, in: state.keyContext) else {
            if case let .character(c) = key { return Reducer.reduce(&state, .insert(c)) }
            return []
        }
        return Reducer.reduce(&state, .command(command, key: key))
    }

    private func reduced(_ events: [MASEventEnvelope], busy: Bool = true) -> AppState {
        var state = AppState(size: Size(width: 120, height: 40))
        state.engineBusy = busy
        for envelope in events { _ = Reducer.reduce(&state, .event(envelope)) }
        return state
    }

    @Test func stepAndContinueGoToTheEngineOnlyWhenTheyMeanSomething() async throws {
        let (_, events) = await UITestSupport.replayUntilPaused(try UITestSupport.demoEvents(), stepMode: .round)
        var state = reduced(events)
        #expect(state.run?.paused == PausePoint(boundary: .round, round: 2))
        #expect(press(.character("n"), &state) == [.engine(.control(.step))])
        #expect(press(.character(" "), &state) == [.engine(.control(.step))])
        #expect(press(.character("c"), &state) == [.engine(.control(.continue))])
        #expect(state.stepMode == .continuous)

        var running = reduced(Array(events.dropLast()))
        #expect(press(.character("n"), &running).isEmpty)
        #expect(running.notice?.contains("not paused") == true)
        var idle = AppState(size: Size(width: 120, height: 40))
        #expect(press(.character("n"), &idle).isEmpty && press(.character("x"), &idle).isEmpty)
        #expect(idle.notice == "no run to cancel")
    }

    @Test func stepModeCyclesAndReachesTheRunInFlight() {
        var idle = AppState(size: Size(width: 80, height: 24))
        #expect(idle.stepMode == .round)
        #expect(press(.character("m"), &idle).isEmpty && idle.stepMode == .stage)
        var busy = idle
        busy.engineBusy = true
        #expect(press(.character("m"), &busy) == [.engine(.control(.setStepMode(.continuous)))])
        #expect(press(.character("m"), &busy) == [.engine(.control(.setStepMode(.round)))])
        #expect(press(.character("x"), &busy) == [.engine(.control(.cancel))])
    }

    @Test func replaySpeedClimbsTheLadderAndLiveRunsHaveNone() {
        var replay = AppState(size: Size(width: 80, height: 24))
        replay.replaySpeed = 1
        #expect(press(.character(">"), &replay) == [.engine(.speed(2))])
        #expect(press(.character("<"), &replay) == [.engine(.speed(1))])
        #expect(press(.character("-"), &replay) == [.engine(.speed(0.5))])
        for _ in 0..<20 { _ = press(.character("+"), &replay) }
        #expect(replay.replaySpeed == 0 && replay.notice == "replay speed: as fast as possible")
        var live = AppState(size: Size(width: 80, height: 24))
        #expect(press(.character(">"), &live).isEmpty && live.notice == "speed control is for replays")
    }

    @Test func askingWhileARunIsInFlightIsRefusedAndSessionNoticesEndIt() {
        var state = AppState(size: Size(width: 80, height: 24))
        state.styleName = "tiny_mixture"
        state.stepMode = .stage
        _ = press(.character("/"), &state)
        for character in "2+2?" { _ = press(.character(character), &state) }
        #expect(press(.enter, &state) == [.engine(.ask(question: "2+2?", style: "tiny_mixture", stepMode: .stage))])
        #expect(state.engineBusy)
        _ = press(.character("i"), &state)
        _ = press(.character("y"), &state)
        #expect(press(.enter, &state).isEmpty && state.notice?.contains("x cancels it") == true)
        _ = press(.escape, &state)

        _ = Reducer.reduce(&state, .tick(10))
        _ = Reducer.reduce(&state, .session(.loadingStyle(name: "tiny_mixture", detail: "reading")))
        _ = Reducer.reduce(&state, .tick(12.5))
        _ = Reducer.reduce(&state, .session(.loadingStyle(name: "tiny_mixture", detail: "models")))
        #expect(state.loading == AppState.Loading(style: "tiny_mixture", detail: "models", since: 10))
        _ = Reducer.reduce(&state, .session(.styleReady(name: "tiny_mixture", warnings: 2)))
        #expect(state.loading == nil && state.engineBusy)
        _ = Reducer.reduce(&state, .session(.runEnded(.cancelled)))
        #expect(!state.engineBusy && state.notice == "run cancelled")

        let request = EngineRequest.ask(question: "q", style: "s", stepMode: .round)
        state.engineBusy = true
        _ = Reducer.reduce(&state, .session(.refused(request, reason: "a replay cannot run new questions")))
        #expect(!state.engineBusy && state.notice == "a replay cannot run new questions")
        _ = Reducer.reduce(&state, .session(.styleFailed(name: "x", message: "missing model")))
        #expect(state.notice == "cannot load x: missing model")
    }

    @Test func stylePickerOpensOnTheCurrentStyleAndLoadsTheChosenOne() throws {
        var state = AppState(size: Size(width: 120, height: 40))
        state.styles = UITestSupport.shippedStyles()
        let names = state.styles.map(\.name)
        #expect(names.contains("tiny_sequential") && names.contains("deliberation"))
        _ = press(.character("s"), &state)
        #expect(state.overlay == .styles && names[state.selection] == "tiny_sequential")
        _ = press(.character("k"), &state)
        _ = press(.character("j"), &state)
        _ = press(.up, &state)
        let chosen = names[max(0, try #require(names.firstIndex(of: "tiny_sequential")) - 1)]
        #expect(press(.enter, &state) == [.engine(.loadStyle(chosen))])
        #expect(state.overlay == nil && state.styleName == chosen)
        _ = press(.character("s"), &state)
        #expect(press(.escape, &state).isEmpty && state.overlay == nil)
    }

    /// A style whose checkpoints are missing says why when picked and does not become current.
    @Test func pickingAStyleThatCannotRunSaysWhyAndKeepsTheCurrentOne() throws {
        var state = AppState(size: Size(width: 120, height: 40))
        state.styles = UITestSupport.shippedStyles()
        let distillation = try #require(state.styles.firstIndex { $0.name == "distillation" })
        #expect(state.styles[distillation].readiness?.canRun == false)
        _ = press(.character("s"), &state)
        state.selection = distillation
        #expect(press(.enter, &state).isEmpty)
        #expect(state.styleName == "tiny_sequential" && state.overlay == .styles)
        #expect(state.notice?.hasPrefix("distillation: cannot run: 2 checkpoints are missing; the outer links are missing") == true,
                "\(state.notice ?? "")")
    }

    @Test func toolListOpensTheInspectorWhichWalksTheCalls() throws {
        let events = try UITestSupport.toolEvents()
        var state = reduced(events, busy: false)
        let calls = try #require(state.run?.toolCalls)
        #expect(calls.map(\.status) == [.ok, .ok, .error])
        #expect(calls[0].arguments == "print(17 * 24)" && calls[0].output == "408")
        _ = press(.character("t"), &state)
        #expect(state.overlay == .tools && state.selection == 2)
        _ = press(.up, &state)
        _ = press(.enter, &state)
        #expect(state.overlay == .inspector(1))
        _ = press(.pageDown, &state)
        #expect(state.overlayScroll > 0)
        _ = press(.right, &state)
        #expect(state.overlay == .inspector(2) && state.overlayScroll == 0)
        _ = press(.right, &state)
        #expect(state.overlay == .inspector(2))
        _ = press(.escape, &state)
        #expect(state.overlay == .tools && state.selection == 2)
        _ = press(.escape, &state)
        #expect(state.overlay == nil)
    }

    @Test func peekTogglesAndHopsKeepTheirPeek() throws {
        let events = try UITestSupport.demoEvents()
        var state = reduced(events)
        let hops = events.compactMap { envelope -> [[NearestToken]]? in
            if case let .hop(_, _, _, _, _, _, peek) = envelope.event { return peek }
            return nil
        }
        #expect(state.run?.hops.map(\.peek) == hops)
        _ = press(.character("p"), &state)
        #expect(state.showPeek)
    }
}
