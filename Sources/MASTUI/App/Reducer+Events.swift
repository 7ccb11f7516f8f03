import Foundation
import MASKit

extension Reducer {
    /// Folds one engine event into the state. Events of another run than the one shown are
    /// ignored until that run's `runStarted` arrives.
    public static func apply(_ envelope: MASEventEnvelope, to state: inout AppState) {
        if case let .runStarted(style, agents, links, rounds, latentSteps, question, _) = envelope.event {
            state.run = RunState(runID: envelope.runID, style: style, links: links, rounds: rounds,
                                 latentSteps: latentSteps, question: question,
                                 startedAt: envelope.timestamp, lastEventAt: envelope.timestamp)
            state.panes = agents.map(PaneState.init)
            state.focus = 0
            state.zoomed = false
            return
        }
        guard var run = state.run, run.runID == envelope.runID else { return }
        run.lastEventAt = envelope.timestamp
        let time = envelope.timestamp

        switch envelope.event {
        case .runStarted:
            break
        case let .roundStarted(round):
            run.round = round
            run.paused = nil
        case let .stageStarted(agent, round, kind):
            run.round = round
            run.stage = RunState.Stage(agent: agent, kind: kind)
            run.paused = nil
            updatePane(agent, in: &state) { pane in
                switch kind {
                case .latent, .feedback:
                    pane.activity = .thinking(kind: kind, step: 0, of: run.latentSteps)
                    pane.latentNorms = []
                case .decode, .retry:
                    pane.activity = .decoding
                    pane.stageTokens = 0
                    pane.stageStarted = time
                    pane.lastTokenTime = nil
                    if kind == .retry {
                        pane.appendLine("[no answer found: answer retry]")
                    } else if pane.hasText {
                        pane.appendLine("[round \(round)]")
                    }
                }
            }
        case let .latentStep(agent, _, step, hiddenNorm):
            updatePane(agent, in: &state) { pane in
                pane.latentNorms.append(hiddenNorm)
                let kind: StageKind = if case let .thinking(kind, _, _) = pane.activity { kind } else { .latent }
                pane.activity = .thinking(kind: kind, step: step, of: run.latentSteps)
            }
        case let .hop(link, from, to, round, perStep, receiverEmbeddingNorm, peek):
            run.hops.append(HopRecord(link: link, from: from, to: to, round: round, perStep: perStep,
                                      receiverEmbeddingNorm: receiverEmbeddingNorm, peek: peek))
        case let .token(agent, _, text, _, _):
            updatePane(agent, in: &state) { pane in
                if pane.activity != .decoding {
                    pane.activity = .decoding
                    pane.stageStarted = pane.stageStarted ?? time
                }
                pane.append(text)
                pane.stageTokens += 1
                pane.lastTokenTime = time
            }
        case let .toolCall(id, agent, tool, arguments):
            run.toolCalls.append(ToolCallRecord(id: id, agent: agent, tool: tool, arguments: arguments))
            updatePane(agent, in: &state) { $0.appendLine("[\(tool)] \(arguments)") }
        case let .toolResult(id, status, output, seconds):
            guard let index = run.toolCalls.firstIndex(where: { $0.id == id }) else { break }
            run.toolCalls[index].status = status
            run.toolCalls[index].output = output
            run.toolCalls[index].seconds = seconds
            let call = run.toolCalls[index]
            let firstLine = output.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            updatePane(call.agent, in: &state) {
                $0.appendLine("[\(call.tool)] \(status.rawValue) in \(String(format: "%.1f", seconds)) s: \(firstLine)")
            }
        case let .stageFinished(agent, round, _, _):
            if run.stage?.agent == agent { run.stage = nil }
            updatePane(agent, in: &state) { pane in
                if case .failed = pane.activity { return }
                pane.activity = round < run.rounds ? .waiting : .done
            }
        case .roundFinished:
            break
        case let .answer(text, extracted, _, _):
            run.answer = RunState.Answer(text: text, extracted: extracted)
        case let .runFinished(seconds, stats):
            run.finished = RunState.Outcome(seconds: seconds, stats: stats)
            run.stage = nil
            run.paused = nil
            for index in state.panes.indices {
                if case .failed = state.panes[index].activity { continue }
                state.panes[index].activity = .done
            }
        case let .warning(agent, message):
            run.warnings.append(agent.map { "\($0): \(message)" } ?? message)
        case let .error(agent, message):
            run.lastError = message
            if let agent {
                updatePane(agent, in: &state) { pane in
                    pane.activity = .failed(message)
                    pane.appendLine("error: \(message)")
                }
            }
        case let .paused(at):
            run.paused = at
        case .resumed:
            run.paused = nil
        }
        state.run = run
    }

    private static func updatePane(_ agent: String, in state: inout AppState, _ change: (inout PaneState) -> Void) {
        guard let index = state.paneIndex(of: agent) else { return }
        change(&state.panes[index])
    }
}
