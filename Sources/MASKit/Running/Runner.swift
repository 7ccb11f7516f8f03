import Foundation

/// Runs a loaded style on one question (spec §4): round by round, stage by stage, latent rollouts
/// whose latents hop outer(inner(h)) into the next agent's prompt, and the final decode. Everything
/// it does is reported on `events`, in order; commands (`send`) step, continue or cancel the run.
///
/// The model work runs inside the actor, synchronously between boundaries; commands go through a
/// lock-protected control, so they are heard while a stage computes. A tool call runs as Swift task
/// work, which a cancel command cancels.
public actor Runner {
    /// Unbounded: no event, token events included, is ever dropped.
    public nonisolated let events: AsyncStream<MASEventEnvelope>
    private let sink: RunEventSink
    private let control: RunControl
    private let system: LoadedSystem
    private let question: String
    private let method: RunMethod
    private let rounds: Int
    private let latentSteps: Int
    private let maxNewTokens: Int
    private let decodeEveryRound: Bool
    private let seed: UInt64?
    private let peekTokens: Int
    private let tools: ToolRegistry
    private var contexts: [String: ModelContext] = [:]
    private var peeks: [ObjectIdentifier: TokenPeek] = [:]
    /// The sampler of the last decode, which an answer retry continues.
    private var lastDecode: (agent: LoadedAgent, sampler: Sampler)?
    /// What waits for its slot, by the link it travels over.
    private var pending: [String: Handoff] = [:]
    /// The latents each link handed off in the previous round, for the collapse signals.
    private var previousLatents: [String: [[Float]]] = [:]
    private var stats = RunStats(decodedTokens: 0, latentSteps: 0, toolCalls: 0)
    private var started = false

    public init(system: LoadedSystem, question: String, options: RunOptions = RunOptions(),
                stamper: EventStamper = EventStamper()) throws {
        let style = system.style
        method = options.method ?? style.method
        rounds = method == .single ? 1 : options.rounds ?? style.rounds
        latentSteps = options.latentSteps ?? style.latentSteps
        maxNewTokens = options.maxNewTokens ?? style.maxNewTokens
        decodeEveryRound = options.decodeEveryRound ?? style.decodeEveryRound
        let schedule = [("rounds", rounds, ScheduleLimits.rounds), ("latent steps", latentSteps, ScheduleLimits.latentSteps),
                        ("max new tokens", maxNewTokens, ScheduleLimits.newTokens)]
        for (name, value, range) in schedule {
            if let problem = ScheduleLimits.problem(value, range) { throw RecursionError("\(name) \(problem)") }
        }
        guard !question.trimmingWhitespace.isEmpty else { throw RecursionError("the question is empty") }
        guard options.peekTokens >= 0 else { throw RecursionError("peek tokens must be 0 or more, not \(options.peekTokens)") }
        try style.checkPrompts(rounds: rounds)
        if let marker = Style.allMarkers.first(where: question.contains) {
            throw RecursionError("the question contains the slot marker \(marker)")
        }
        self.system = system
        self.question = question
        seed = options.seed
        peekTokens = options.peekTokens
        tools = options.tools ?? ToolRegistry.standard(
            python: PythonToolSettings(timeout: style.tools.pythonTimeout),
            search: SearchToolSettings(corpusDirectory: options.corpusDirectory ?? style.tools.corpus?.path))
        control = RunControl(mode: options.stepMode)
        let (events, continuation) = AsyncStream.makeStream(of: MASEventEnvelope.self, bufferingPolicy: .unbounded)
        self.events = events
        sink = RunEventSink(stamper: stamper, continuation: continuation)
    }

    /// Sends a command; heard at the next latent step, token or boundary.
    public nonisolated func send(_ command: RunnerCommand) {
        control.send(command)
    }

    /// Runs the question once and finishes `events`. A second call returns `.failed` at once.
    public func run() async -> RunOutcome {
        guard !started else { return .failed("this runner has already run") }
        started = true
        defer { sink.finish() }
        let work = Task { await self.execute() }
        control.setCancelHandler { work.cancel() }
        return await withTaskCancellationHandler { await work.value } onCancel: { [control] in control.send(.cancel) }
    }

    private func execute() async -> RunOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let style = system.style
        emit(.runStarted(style: style.name,
                         agents: system.agents.map { AgentInfo(name: $0.name, model: $0.modelName, hiddenSize: $0.model.hiddenSize) },
                         links: style.family.links.map { link in
                             LinkInfo(name: link.key, from: name(of: link.from), to: name(of: link.to))
                         },
                         rounds: rounds, latentSteps: latentSteps, question: question, method: method))
        let warnings = system.warnings + (method == .latent ? system.linkWarnings : [])
        for warning in warnings { emit(.warning(agent: nil, message: warning)) }

        var answer = ""
        var stageAgent: String?
        do {
            var firstStage = true
            for round in 1...rounds {
                if round > 1 { await pause(at: PausePoint(boundary: .round, round: round)) }
                try control.checkCancelled()
                emit(.roundStarted(round: round))
                let roundStart = clock.now
                for stage in style.family.stages(round: round, of: rounds, method: method, decodeEveryRound: decodeEveryRound) {
                    guard let agent = system.agent(role: stage.role) else {
                        throw RecursionError("the style has no \(stage.role)")
                    }
                    if !firstStage { await pause(at: PausePoint(boundary: .stage, round: round, agent: agent.name)) }
                    firstStage = false
                    try control.checkCancelled()
                    stageAgent = agent.name
                    if let text = try await run(stage, of: agent, round: round), stage.role == style.family.closingRole {
                        answer = text
                        if round < rounds { emit(.answer(text: text, extracted: task.answer(in: text), round: round, isFinal: false)) }
                    }
                    stageAgent = nil
                }
                if round == rounds, let decode = lastDecode, style.answerRetry.isEnabled, task.answer(in: answer) == nil {
                    await pause(at: PausePoint(boundary: .stage, round: round, agent: decode.agent.name))
                    try control.checkCancelled()
                    stageAgent = decode.agent.name
                    answer = try await retry(answer, of: decode.agent, round: round, sampler: decode.sampler)
                    stageAgent = nil
                }
                emit(.roundFinished(round: round, seconds: Self.seconds(clock.now - roundStart)))
            }
        } catch is RunCancelled {
            emit(.error(agent: nil, message: "cancelled"))
            return .cancelled
        } catch {
            let message = "\(error)"
            emit(.error(agent: stageAgent, message: message))
            return .failed(message)
        }
        emit(.answer(text: answer, extracted: task.answer(in: answer), round: rounds, isFinal: true))
        emit(.runFinished(seconds: Self.seconds(clock.now - start), stats: stats))
        return .finished(answer: answer)
    }

    /// Runs one stage: a decode stage returns its text (and, in the text method, hands it on); a latent
    /// stage thinks and hops its latents on.
    private func run(_ stage: StyleFamily.Stage, of agent: LoadedAgent, round: Int) async throws -> String? {
        let clock = ContinuousClock()
        let start = clock.now
        emit(.stageStarted(agent: agent.name, round: round, kind: stage.kind))
        let prompt = try prompt(for: stage, of: agent)
        if stage.kind == .decode {
            let (text, tokens) = try await decode(prompt, of: agent, round: round)
            for key in stage.sends { pending[key] = .text(text) }
            emit(.stageFinished(agent: agent.name, round: round, tokens: tokens, seconds: Self.seconds(clock.now - start)))
            return text
        }
        let rollout = try think(prompt, of: agent, round: round)
        emit(.stageFinished(agent: agent.name, round: round, tokens: 0, seconds: Self.seconds(clock.now - start)))
        for key in stage.sends { try hop(rollout, over: key, from: agent, round: round) }
        return nil
    }

    /// Decodes the agent's text after `prompt` (with its tools, if it has any); returns it trimmed.
    private func decode(_ prompt: [PromptSegment], of agent: LoadedAgent, round: Int) async throws -> (text: String, tokens: Int) {
        var settings = agent.spec.sampling
        if let seed { settings.seed = seed }
        var sampler = try Sampler(settings: settings)
        let context = context(for: agent)
        let decoding = TextDecoding(context: context, tokenizer: agent.tokenizer, stopTokens: agent.stopTokens,
                                    maxNewTokens: maxNewTokens)
        let history = prompt.flatMap { segment -> [Int32] in
            if case .tokens(let ids) = segment { ids } else { [] }
        }
        let session = agent.spec.tools.isEmpty ? nil : ToolSession(
            agent: agent.name, allowedTools: agent.spec.tools, registry: tools, limits: style.tools.limits,
            callIDPrefix: "r\(round)-\(agent.name)-", emit: { [sink] in sink.emit($0) })
        let decoded = try await decoding.run(prompt: prompt, keeping: context.reusablePrefix(of: prompt), history: history,
                                             sampler: &sampler, tools: session,
                                             onToken: tokenReporter(agent: agent.name, round: round))
        lastDecode = (agent, sampler)
        if decoded.reachedContextLimit { emit(Self.contextLimitWarning(agent, context)) }
        stats.decodedTokens += decoded.tokens
        stats.toolCalls += decoded.toolCalls
        return (decoded.text.trimmingWhitespace, decoded.tokens)
    }

    /// The agent's latent rollout after `prompt`, each step reported.
    private func think(_ prompt: [PromptSegment], of agent: LoadedAgent, round: Int) throws -> LatentRollout {
        let context = context(for: agent)
        let rollout = try LatentRollout.run(prompt: prompt, steps: latentSteps, inner: agent.inner, context: context,
                                            keeping: context.reusablePrefix(of: prompt)) { step, norm in
            try control.checkCancelled()
            emit(.latentStep(agent: agent.name, round: round, step: step, hiddenNorm: norm))
        }
        stats.latentSteps += latentSteps
        return rollout
    }

    /// Sends the rollout's latents over outer link `key` to wait for the receiver's slot; reports the hop
    /// with its norms and collapse signals, and warns when the latents collapsed.
    private func hop(_ rollout: LatentRollout, over key: String, from agent: LoadedAgent, round: Int) throws {
        guard let link = system.outerLinks[key],
              let target = style.family.links.first(where: { $0.key == key }).flatMap({ system.agent(role: $0.to) })
        else { throw RecursionError("the style has no outer link \(key)") }
        let latents = try link.apply(each: rollout.linked)
        let previous = previousLatents[key] ?? []
        pending[key] = .latents(latents)
        previousLatents[key] = latents
        let raw = rollout.hiddenNorms, inner = rollout.linkedNorms
        let perStep = latents.indices.map { t in
            HopStep(raw: raw[t], afterInner: inner[t], afterOuter: LatentRollout.norm(latents[t]),
                    stepCosine: t > 0 ? LatentCollapse.cosine(latents[t], latents[t - 1]) : nil,
                    roundCosine: t < previous.count ? LatentCollapse.cosine(latents[t], previous[t]) : nil)
        }
        let peek = peekTokens > 0 ? try self.peek(for: target).nearest(to: latents, count: peekTokens) : nil
        emit(.hop(link: key, from: agent.name, to: target.name, round: round, perStep: perStep,
                  receiverEmbeddingNorm: target.model.meanTokenEmbeddingNorm(), peek: peek))
        if let diagnosis = LatentCollapse.diagnosis(perStep: perStep, peek: peek) {
            emit(.warning(agent: agent.name, message: "\(key) (\(agent.name) → \(target.name), round \(round)) may have collapsed: \(diagnosis)"))
        }
    }

    /// The answer-retry stage (spec §6): the final agent continues its answer after the style's answer
    /// suffix, as raw text without the chat template, with the sampler of its decode; the new answer is
    /// the continued text.
    private func retry(_ answer: String, of agent: LoadedAgent, round: Int, sampler: Sampler) async throws -> String {
        let clock = ContinuousClock()
        let start = clock.now
        emit(.stageStarted(agent: agent.name, round: round, kind: .retry))
        let prompt = answer.trimmingTrailingWhitespace + "\n" + style.answerRetry.suffix
        let ids = agent.tokenizer.encode(prompt, addSpecial: true, parseSpecial: true)
        var sampler = sampler
        let context = context(for: agent)
        let decoding = TextDecoding(context: context, tokenizer: agent.tokenizer, stopTokens: agent.stopTokens,
                                    maxNewTokens: style.answerRetry.maxNewTokens)
        let decoded = try await decoding.run(prompt: [.tokens(ids)], keeping: context.reusablePrefix(of: [.tokens(ids)]),
                                             history: ids, sampler: &sampler,
                                             onToken: tokenReporter(agent: agent.name, round: round))
        if decoded.reachedContextLimit { emit(Self.contextLimitWarning(agent, context)) }
        stats.decodedTokens += decoded.tokens
        emit(.stageFinished(agent: agent.name, round: round, tokens: decoded.tokens, seconds: Self.seconds(clock.now - start)))
        return prompt + decoded.text
    }

    private static func contextLimitWarning(_ agent: LoadedAgent, _ context: ModelContext) -> MASEvent {
        .warning(agent: agent.name, message: "\(agent.name) reached the end of its context (\(context.maxPositions) positions); its text stops there")
    }

    /// Reports each decoded token; hears a cancel between tokens.
    private func tokenReporter(agent: String, round: Int) -> (SampledToken, String) throws -> Void {
        { [control, sink] token, piece in
            try control.checkCancelled()
            sink.emit(.token(agent: agent, round: round, text: piece, tokenId: Int(token.id), logprob: token.logProbability))
        }
    }

    private func prompt(for stage: StyleFamily.Stage, of agent: LoadedAgent) throws -> [PromptSegment] {
        let arrived = try stage.slots.map { slot -> Handoff in
            guard let handoff = pending[slot.link] else { throw RecursionError("\(agent.name): nothing has arrived over \(slot.link)") }
            return handoff
        }
        return try StagePrompt.segments(for: stage, of: agent, question: question, filling: arrived)
    }

    private func pause(at point: PausePoint) async {
        guard control.beginPause(at: point.boundary) else { return }
        emit(.paused(at: point))
        await control.waitForResume()
        if !control.isCancelled { emit(.resumed) }
    }

    private var style: Style { system.style }

    private var task: AnswerTask { style.answerRetry.task }

    private func name(of role: String) -> String { system.agent(role: role)?.name ?? role }

    private func context(for agent: LoadedAgent) -> ModelContext {
        if let context = contexts[agent.name] { return context }
        let context = ModelContext(model: agent.model)
        contexts[agent.name] = context
        return context
    }

    private func peek(for agent: LoadedAgent) -> TokenPeek {
        let key = ObjectIdentifier(agent.model)
        if let peek = peeks[key] { return peek }
        let peek = TokenPeek(model: agent.model, tokenizer: agent.tokenizer)
        peeks[key] = peek
        return peek
    }

    private func emit(_ event: MASEvent) {
        sink.emit(event)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
