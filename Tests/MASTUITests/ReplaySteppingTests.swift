import MASKit
import MASTUI
import Testing

/// A replay steps like a live run: it pauses where `Runner` pauses (before each round after the
/// first, or before each stage after the run's first) and obeys the same commands.
@Suite struct ReplaySteppingTests {
    private func isStageStart(_ event: MASEvent) -> Bool {
        if case .stageStarted = event { true } else { false }
    }

    @Test func roundModePausesBeforeRoundTwoThenPlaysOnAfterAStep() async throws {
        let recorded = try UITestSupport.demoEvents()
        let (player, first) = await UITestSupport.replayUntilPaused(recorded, stepMode: .round)
        let roundTwo = try #require(recorded.firstIndex { $0.event == .roundStarted(round: 2) })
        #expect(first.dropLast().map(\.event) == recorded[..<roundTwo].map(\.event))
        #expect(first.last?.event == .paused(at: PausePoint(boundary: .round, round: 2)))
        player.send(.step)
        var rest: [MASEventEnvelope] = []
        for await envelope in player.events { rest.append(envelope) }
        #expect(rest.first?.event == .resumed)
        #expect(rest.dropFirst().map(\.event) == recorded[roundTwo...].map(\.event))
        #expect((first + rest).map(\.sequence) == Array(1...(recorded.count + 2)))
    }

    @Test func stageModePausesBeforeEveryStageButTheFirst() async throws {
        let recorded = try UITestSupport.demoEvents()
        let player = ReplayPlayer(events: recorded, speed: 0, stepMode: .stage)
        let playing = Task { await player.play() }
        var pauses: [PausePoint] = []
        var played: [MASEvent] = []
        for await envelope in player.events {
            switch envelope.event {
            case let .paused(at):
                pauses.append(at)
                player.send(.step)
            case .resumed: break
            default: played.append(envelope.event)
            }
        }
        #expect(await playing.value == .finished(answer: "17 × 24: 17 × 20 = 340, 17 × 4 = 68.\n340 + 68 = 408.\nThe answer is \\boxed{408}."))
        #expect(played == recorded.map(\.event))
        let stages = recorded.compactMap { envelope -> PausePoint? in
            if case let .stageStarted(agent, round, _) = envelope.event {
                return PausePoint(boundary: .stage, round: round, agent: agent)
            }
            return nil
        }
        #expect(pauses == Array(stages.dropFirst()))
    }

    @Test func continueStopsPausingAndCancelEndsTheReplay() async throws {
        let recorded = try UITestSupport.demoEvents()
        let (going, _) = await UITestSupport.replayUntilPaused(recorded, stepMode: .stage)
        going.send(.continue)
        var later: [MASEvent] = []
        for await envelope in going.events { later.append(envelope.event) }
        #expect(later.first == .resumed)
        #expect(!later.dropFirst().contains { if case .paused = $0 { true } else { false } })
        #expect(later.last == recorded.last?.event)

        let (stopped, _) = await UITestSupport.replayUntilPaused(recorded, stepMode: .round)
        stopped.send(.cancel)
        var tail: [MASEvent] = []
        for await envelope in stopped.events { tail.append(envelope.event) }
        #expect(tail == [.error(agent: nil, message: "cancelled")])
    }

    @Test func recordedPausesAreLeftOutAndSpeedIsClamped() async throws {
        var stamper = EventStamper(runID: "r", clock: { 0 })
        let events = [stamper.stamp(.roundStarted(round: 1)), stamper.stamp(.paused(at: PausePoint(boundary: .round, round: 2))),
                      stamper.stamp(.resumed), stamper.stamp(.roundStarted(round: 2))]
        let (player, played) = await UITestSupport.replayUntilPaused(events, stepMode: .continuous)
        #expect(played.map(\.event) == [.roundStarted(round: 1), .roundStarted(round: 2)])
        player.speed = -3
        #expect(player.speed == 0)
    }
}
