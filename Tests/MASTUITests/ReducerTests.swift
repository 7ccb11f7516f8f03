import MASKit
import MASTUI
import Testing

@Suite struct ReducerTests {
    private func reduced(_ events: [MASEventEnvelope], size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = AppState(size: size)
        for envelope in events { _ = Reducer.reduce(&state, .event(envelope)) }
        return state
    }

    private func press(_ key: Key, _ state: inout AppState) -> [AppEffect] {
        guard let command = Keymap.standard.command(for: key, in: state.keyContext) else {
            if case let .character(c) = key { return Reducer.reduce(&state, .insert(c)) }
            return []
        }
        return Reducer.reduce(&state, .command(command, key: key))
    }

    @Test func wholeDemoRunEndsWithEveryTokenEveryHopAndTheAnswer() throws {
        let events = try UITestSupport.demoEvents()
        let state = reduced(events)
        #expect(state.panes.map(\.agent.name) == ["planner", "critic", "solver"])
        let tokens = events.compactMap { envelope -> String? in
            if case let .token(agent, _, text, _, _) = envelope.event, agent == "solver" { return text }
            return nil
        }
        #expect(state.panes[2].lines.joined(separator: "\n") == tokens.joined())
        #expect(state.panes[0].lines == [""] && state.panes[1].lines == [""])
        let hops = events.filter { if case .hop = $0.event { true } else { false } }
        #expect(state.run?.hops.count == hops.count)
        #expect(state.run?.answer?.extracted == "408")
        #expect(state.run?.finished?.stats.decodedTokens == tokens.count)
        #expect(state.panes.allSatisfy { $0.activity == .done })
        #expect(state.run?.round == 2)
    }

    @Test func midLatentStageShowsStepAndNorms() throws {
        let events = try UITestSupport.demoEvents {
            if case let .latentStep(agent, round, step, _) = $0 { agent == "critic" && round == 1 && step == 5 } else { false }
        }
        let state = reduced(events)
        let norms = events.compactMap { envelope -> Float? in
            if case let .latentStep(agent, 1, _, norm) = envelope.event, agent == "critic" { return norm }
            return nil
        }
        #expect(norms.count == 5)
        #expect(state.panes[1].activity == .thinking(kind: .latent, step: 5, of: 8))
        #expect(state.panes[1].latentNorms == norms)
        #expect(state.panes[0].activity == .waiting)
        #expect(state.panes[2].activity == .waiting)
        #expect(state.run?.stage?.agent == "critic" && state.run?.stage?.kind == .latent)
        #expect(state.run?.round == 1)
    }

    @Test func decodingRateComesFromEventTimestamps() throws {
        let events = try UITestSupport.demoEvents {
            if case .stageFinished("solver", 2, _, _) = $0 { true } else { false }
        }
        let decodeStart = try #require(events.first {
            if case .stageStarted(_, _, .decode) = $0.event { true } else { false }
        }).timestamp
        let tokenTimes = events.filter { if case .token = $0.event { true } else { false } }.map(\.timestamp)
        let lastToken = try #require(tokenTimes.last)
        let rate = try #require(reduced(events).panes[2].tokensPerSecond)
        #expect(abs(rate - Double(tokenTimes.count) / (lastToken - decodeStart)) < 1e-9)
    }

    @Test func eventsOfAnotherRunAreIgnored() throws {
        let events = try UITestSupport.demoEvents().prefix(3)
        var state = reduced(Array(events))
        var stranger = EventStamper(runID: "someone-else", clock: { 0 })
        _ = Reducer.reduce(&state, .event(stranger.stamp(.token(agent: "planner", round: 1, text: "x", tokenId: 1, logprob: nil))))
        #expect(state.panes[0].lines == [""])
    }

    @Test func focusCyclesJumpsAndFollowsClicks() throws {
        var state = reduced(Array(try UITestSupport.demoEvents().prefix(1)))
        _ = press(.tab, &state)
        #expect(state.focus == 1)
        _ = press(.backTab, &state)
        _ = press(.backTab, &state)
        #expect(state.focus == 2)
        _ = press(.character("1"), &state)
        #expect(state.focus == 0)
        _ = press(.character("9"), &state)
        #expect(state.focus == 0)
        let critic = try #require(state.layout?.panes[1])
        _ = Reducer.reduce(&state, .mouse(MouseEvent(kind: .click, at: Point(x: critic.x + 2, y: critic.y + 2))))
        #expect(state.focus == 1)
        _ = press(.character("z"), &state)
        #expect(state.zoomed && state.layout?.panes[1] == state.layout?.paneArea)
    }

    @Test func scrolledUpPaneStaysPutWhileTokensArriveAndEndFollowsAgain() throws {
        var stamper = EventStamper(runID: "r", clock: { 0 })
        var state = AppState(size: Size(width: 80, height: 24))
        _ = Reducer.reduce(&state, .event(stamper.stamp(.runStarted(
            style: "s", agents: [AgentInfo(name: "a", model: "m", hiddenSize: 8)], links: [], rounds: 1,
            latentSteps: 2, question: "q", method: .latent))))
        for i in 0..<60 {
            _ = Reducer.reduce(&state, .event(stamper.stamp(.token(agent: "a", round: 1, text: "line \(i)\n", tokenId: i, logprob: nil))))
        }
        _ = press(.up, &state)
        guard case let .top(top) = state.panes[0].scroll else {
            Issue.record("scrolling up should pin the view")
            return
        }
        _ = Reducer.reduce(&state, .event(stamper.stamp(.token(agent: "a", round: 1, text: "more\n", tokenId: 0, logprob: nil))))
        #expect(state.panes[0].scroll == .top(top))
        _ = press(.home, &state)
        #expect(state.panes[0].scroll == .top(0))
        _ = press(.end, &state)
        #expect(state.panes[0].scroll == .tail)
        _ = Reducer.reduce(&state, .mouse(MouseEvent(kind: .wheelUp, at: Point(x: 5, y: 5))))
        #expect(state.panes[0].scroll != .tail)
        _ = Reducer.reduce(&state, .mouse(MouseEvent(kind: .wheelDown, at: Point(x: 5, y: 5))))
        #expect(state.panes[0].scroll == .tail)
    }

    @Test func questionLineEditsUTF8AndKeepsHistory() {
        var state = AppState(size: Size(width: 80, height: 24))
        _ = press(.character("/"), &state)
        #expect(state.editing)
        for character in "héllo 日本 wörld" { _ = press(.character(character), &state) }
        _ = press(.control("w"), &state)
        #expect(state.question.text == "héllo 日本 ")
        for _ in 0..<3 { _ = press(.left, &state) }
        _ = press(.backspace, &state)
        #expect(state.question.text == "héllo日本 ")
        _ = press(.control("a"), &state)
        _ = press(.delete, &state)
        _ = press(.control("e"), &state)
        _ = press(.character("?"), &state)
        #expect(state.question.text == "éllo日本 ?")
        #expect(press(.enter, &state) == [.engine(.ask(question: "éllo日本 ?", style: "tiny_sequential", stepMode: .round))])
        _ = Reducer.reduce(&state, .session(.runEnded(.finished(answer: ""))))
        #expect(!state.editing && state.question.text.isEmpty)
        _ = press(.character("i"), &state)
        _ = press(.character("x"), &state)
        _ = press(.up, &state)
        #expect(state.question.text == "éllo日本 ?")
        _ = press(.down, &state)
        #expect(state.question.text == "x")
        _ = press(.control("u"), &state)
        #expect(state.question.text.isEmpty)
        #expect(press(.enter, &state).isEmpty && state.editing)
        _ = press(.escape, &state)
        #expect(!state.editing)
        _ = press(.character("q"), &state)
        #expect(state.shouldQuit)
    }

    @Test func tooSmallScreenOnlyQuits() {
        var state = AppState(size: Size(width: 30, height: 8))
        #expect(state.keyContext == .tooSmall)
        _ = press(.character("?"), &state)
        #expect(!state.showHelp)
        _ = Reducer.reduce(&state, .resize(Size(width: 80, height: 24)))
        #expect(state.keyContext == .main)
    }
}
