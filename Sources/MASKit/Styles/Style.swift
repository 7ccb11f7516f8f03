import Foundation

/// A checked style: the agents of a collaboration pattern, the links between them, the schedule
/// and the prompts. Built from a TOML style file (docs/styles.md).
public struct Style: Sendable {
    public var name: String
    public var family: StyleFamily
    public var description: String
    public var rounds: Int
    public var latentSteps: Int
    public var maxNewTokens: Int
    /// The closing agent decodes an answer in every round (the mixture reference does), not the last only.
    public var decodeEveryRound: Bool
    /// How agents pass their work on unless a run says otherwise.
    public var method: RunMethod
    /// Agents in the family's role order.
    public var agents: [Agent]
    /// Outer links by their released key (`outer_12`…).
    public var links: [String: LinkSource]
    /// Released styles: the outer-link repository and the task of task-scoped checkpoints.
    public var outerLinksRepository: String?
    public var checkpointTask: String?
    /// Limits and settings of the tools agents may call.
    public var tools: ToolSettings
    /// What the final agent does when its answer holds none (spec §6).
    public var answerRetry: AnswerRetry
    /// The file the style came from, if any.
    public var file: URL?

    public struct Agent: Sendable {
        /// The name shown and used in events (the role unless the file gives one).
        public var name: String
        public var role: String
        public var model: ModelSource
        /// A chat template family name overriding the model's own template ("chatml", "gemma"…).
        public var chatTemplate: String?
        public var innerLink: LinkSource
        public var systemPrompt: String
        /// The user prompt, with `{question}` and the slot markers of the stages that use it.
        public var prompt: String
        /// The prompt of rounds ≥ 2 for agents that receive feedback latents.
        public var feedbackPrompt: String?
        /// The closing agent's prompt when it runs alone (`RunMethod.single`): the file's `single_prompt`,
        /// else `prompt` without its slot-marker lines.
        public var singlePrompt: String
        /// Sampling of this agent's decode stages.
        public var sampling: SamplingSettings
        /// Tools this agent may call while it decodes (spec §5); empty: none.
        public var tools: Set<ToolName> = []
        /// What the style says the model is (config.json `model_type`), for `mastui styles` while its
        /// checkpoint is missing.
        public var declaredArchitecture: String?
        /// The model's parameter count as the style declares it ("1.7B"), likewise.
        public var declaredParameters: Int?
    }

    /// The tool-call protocol's limits (the reference's run.py values by default) and where tools look.
    public struct ToolSettings: Sendable {
        public var limits: ToolLimits
        /// Seconds a python call may run.
        public var pythonTimeout: Double
        /// Directory of .txt/.md files for offline search; nil: the default corpus.
        public var corpus: URL?

        public init(limits: ToolLimits = ToolLimits(), pythonTimeout: Double = 10, corpus: URL? = nil) {
            self.limits = limits
            self.pythonTimeout = pythonTimeout
            self.corpus = corpus
        }
    }

    /// The answer-retry stage (spec §6): when the task's answer cannot be read from the final text, the
    /// final agent continues `text.rstrip() + "\n" + suffix` (no chat template) for a few tokens.
    public struct AnswerRetry: Sendable, Equatable {
        public var isEnabled: Bool
        public var task: AnswerTask
        public var suffix: String
        public var maxNewTokens: Int

        /// `suffix` and `maxNewTokens` default to the task's; a code retry gets at least 256 tokens, as
        /// in the reference.
        public init(isEnabled: Bool = true, task: AnswerTask = .math, suffix: String? = nil, maxNewTokens: Int? = nil) {
            self.isEnabled = isEnabled
            self.task = task
            self.suffix = suffix ?? task.retrySuffix
            let tokens = maxNewTokens ?? task.retryMaxNewTokens
            self.maxNewTokens = task == .code ? max(tokens, AnswerTask.codeRetryMinimum) : tokens
        }
    }

    public static let defaultSystemPrompt = "You are a helpful assistant."
    /// Reference sampling (spec §14): temperature 0.6, top-p 0.95, no top-k, seed 42.
    public static let defaultSampling = SamplingSettings(temperature: 0.6, topK: 0, topP: 0.95, seed: 42)

    /// Reads the style file at `url`. Errors name the file.
    public init(contentsOf url: URL, models: ModelDirectory = ModelDirectory()) throws {
        let text: String
        do {
            text = String(decoding: try FileContents.read(url, limit: FileContents.styleLimit), as: UTF8.self)
        } catch {
            throw RecursionError("\(url.path): cannot read the style file: \(error.description)")
        }
        do {
            try self.init(toml: text, file: url, models: models)
        } catch {
            throw RecursionError("\(url.path): \(error.description)")
        }
    }

    /// A style from TOML text; `file` places relative paths (`./…`) and names the style by default.
    public init(toml: String, file: URL? = nil, models: ModelDirectory = ModelDirectory()) throws(RecursionError) {
        let contents = try StyleFile.parse(toml)
        guard let family = StyleFamily(rawValue: contents.family) else {
            throw RecursionError("family \"\(contents.family)\" is not one of \(StyleFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.family = family
        self.file = file
        name = contents.name ?? file?.deletingPathExtension().lastPathComponent ?? family.rawValue
        description = contents.description ?? ""
        rounds = try Self.bounded(contents.rounds ?? 3, ScheduleLimits.rounds, "rounds")
        latentSteps = try Self.bounded(contents.latentSteps ?? 32, ScheduleLimits.latentSteps, "latent_steps")
        maxNewTokens = try Self.bounded(contents.maxNewTokens ?? 2000, ScheduleLimits.newTokens, "max_new_tokens")
        decodeEveryRound = contents.decodeEveryRound ?? false
        method = try contents.method.map { name throws(RecursionError) in
            guard let method = RunMethod(rawValue: name) else {
                throw RecursionError("method must be one of \(RunMethod.allCases.map(\.rawValue).joined(separator: ", ")), not \(name)")
            }
            return method
        } ?? .latent
        outerLinksRepository = contents.checkpoints?.outerLinks
        checkpointTask = contents.checkpoints?.task
        let base = file?.deletingLastPathComponent()
        tools = ToolSettings(
            limits: ToolLimits(maxCallsPerAnswer: try Self.bounded(contents.tools?.maxCalls ?? 5, ScheduleLimits.toolCalls, "tools.max_calls"),
                               resultMaxCharacters: try Self.bounded(contents.tools?.resultMaxChars ?? 6_000, ScheduleLimits.toolResultCharacters,
                                                                      "tools.result_max_chars")),
            pythonTimeout: contents.tools?.pythonTimeout ?? 10,
            corpus: try contents.tools?.corpus.map { path throws(RecursionError) in try ModelSource.path(path, relativeTo: base, models: models) })
        guard tools.pythonTimeout > 0, tools.pythonTimeout <= ScheduleLimits.pythonTimeout else {
            throw RecursionError("tools.python_timeout must be a number of seconds in (0, \(Int(ScheduleLimits.pythonTimeout))]")
        }
        let retryTask = try contents.answerRetry?.task.map { name throws(RecursionError) in
            guard let task = AnswerTask(rawValue: name) else {
                throw RecursionError("answer_retry.task must be one of \(AnswerTask.allCases.map(\.rawValue).joined(separator: ", ")), not \(name)")
            }
            return task
        } ?? .math
        answerRetry = AnswerRetry(
            isEnabled: contents.answerRetry?.enabled ?? true, task: retryTask, suffix: contents.answerRetry?.suffix,
            maxNewTokens: try contents.answerRetry?.maxNewTokens.map { n throws(RecursionError) in
                try Self.bounded(n, ScheduleLimits.newTokens, "answer_retry.max_new_tokens")
            })

        let sampling = try Self.sampling(contents.sampling, over: Self.defaultSampling, context: "sampling")
        let roles = Set(family.roles)
        if let extra = contents.agents.keys.filter({ !roles.contains($0) }).sorted().first {
            throw RecursionError("agents.\(extra): a \(family.rawValue) style has the roles \(family.roles.joined(separator: ", "))")
        }
        agents = try family.roles.map { role throws(RecursionError) in
            guard let agent = contents.agents[role] else { throw RecursionError("missing agent [agents.\(role)]") }
            return Agent(
                name: agent.name ?? role, role: role,
                model: try ModelSource(agent.model, relativeTo: base, models: models),
                chatTemplate: agent.chatTemplate,
                innerLink: try LinkSource(agent.innerLink ?? "fit", relativeTo: base, models: models),
                systemPrompt: agent.systemPrompt ?? contents.systemPrompt ?? Self.defaultSystemPrompt,
                prompt: agent.prompt, feedbackPrompt: agent.feedbackPrompt,
                singlePrompt: agent.singlePrompt ?? Self.removingSlotLines(agent.prompt),
                sampling: try Self.sampling(agent.sampling, over: sampling, context: "agents.\(role).sampling"),
                tools: try Self.tools(agent.tools ?? [], role: role, family: family),
                declaredArchitecture: agent.architecture,
                declaredParameters: try agent.parameters.map { text throws(RecursionError) in
                    try Self.parameterCount(text, "agents.\(role).parameters")
                })
        }
        if let duplicate = Dictionary(grouping: agents, by: \.name).first(where: { $0.value.count > 1 })?.key {
            throw RecursionError("two agents are named \"\(duplicate)\"")
        }

        let keys = family.links.map(\.key)
        let given = contents.links ?? [:]
        if let extra = given.keys.filter({ !keys.contains($0) }).sorted().first {
            throw RecursionError("links.\(extra): a \(family.rawValue) style has the links \(keys.joined(separator: ", "))")
        }
        var links: [String: LinkSource] = [:]
        for key in keys {
            links[key] = try LinkSource(given[key] ?? "fit", relativeTo: base, models: models)
        }
        self.links = links

        for agent in agents where agent.innerLink == .repository {
            guard case .repository = agent.model else {
                throw RecursionError("agents.\(agent.role): inner_link = \"repo\" needs a model \"hf:OWNER/NAME\"")
            }
        }
        if links.values.contains(.repository), outerLinksRepository == nil {
            throw RecursionError("links = \"repo\" needs [checkpoints] outer_links = \"OWNER/NAME\"")
        }
        try checkPrompts(rounds: rounds)
    }

    /// The agent playing `role`.
    public func agent(role: String) -> Agent? { agents.first { $0.role == role } }

    /// Every prompt that `rounds` rounds would render holds its stage's slot markers, in order, and
    /// the single prompt none.
    public func checkPrompts(rounds: Int) throws(RecursionError) {
        let checked = rounds > 1 ? [1, 2, rounds] : [1]
        for round in checked {
            for stage in family.stages(round: round, of: rounds, decodeEveryRound: decodeEveryRound) {
                guard let agent = agent(role: stage.role) else { continue }
                let (key, text) = stage.prompt == .main ? ("prompt", agent.prompt) : ("feedback_prompt", agent.feedbackPrompt)
                guard let text else {
                    throw RecursionError("agents.\(stage.role).\(key) is missing (needed from round 2 on)")
                }
                do {
                    for marker in stage.slots.map(\.marker) where !Self.standsAloneOnce(marker, in: text) {
                        throw RecursionError(marker)
                    }
                    _ = try SlotPrompt(text: text, markers: stage.slots.map(\.marker))
                } catch {
                    let markers = stage.slots.map(\.marker).joined(separator: ", ")
                    throw RecursionError("agents.\(stage.role).\(key) must hold the slot marker(s) \(markers), each alone on its line, in that order")
                }
            }
        }
        if let closer = agent(role: family.closingRole), let marker = Self.allMarkers.first(where: closer.singlePrompt.contains) {
            throw RecursionError("agents.\(closer.role).single_prompt must hold no slot marker, but holds \(marker)")
        }
    }

    /// Every slot marker of every family.
    public static let allMarkers = [
        StyleFamily.Slot.planner, StyleFamily.Slot.refined, StyleFamily.Slot.feedback, StyleFamily.Slot.mathExpert,
        StyleFamily.Slot.codeExpert, StyleFamily.Slot.scienceExpert, StyleFamily.Slot.mixtureFeedback,
        StyleFamily.Slot.distillExpert, StyleFamily.Slot.distillFeedback, StyleFamily.Slot.reflector,
        StyleFamily.Slot.deliberationFeedback,
    ]

    /// `prompt` without the lines that are a slot marker.
    static func removingSlotLines(_ prompt: String) -> String {
        prompt.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !allMarkers.contains($0.trimmingCharacters(in: .whitespaces)) }
            .joined(separator: "\n")
    }

    /// Whether `marker` occurs exactly once in `text`, on a line of its own.
    private static func standsAloneOnce(_ marker: String, in text: String) -> Bool {
        text.components(separatedBy: marker).count == 2
            && text.split(separator: "\n", omittingEmptySubsequences: false)
                .contains { $0.trimmingCharacters(in: .whitespaces) == marker }
    }

    /// An agent's tools: known names, and only for roles that decode (latent stages never write a call).
    private static func tools(_ names: [String], role: String, family: StyleFamily) throws(RecursionError) -> Set<ToolName> {
        let tools: Set<ToolName>
        do {
            tools = try ToolName.set(parsing: names)
        } catch {
            throw RecursionError("agents.\(role).tools: \(error.description)")
        }
        let decoders = Set(family.stages(round: 1, of: 1).filter { $0.kind == .decode }.map(\.role))
        guard tools.isEmpty || decoders.contains(role) else {
            throw RecursionError("agents.\(role).tools: the \(role) never decodes text, so it cannot call tools (only \(decoders.sorted().joined(separator: ", ")) can)")
        }
        return tools
    }

    /// "1.7B", "135M" or a plain count, up to a trillion.
    static func parameterCount(_ text: String, _ key: String) throws(RecursionError) -> Int {
        let scales: [Character: Double] = ["K": 1e3, "M": 1e6, "B": 1e9]
        let scale = text.last.flatMap { scales[Character($0.uppercased())] }
        let number = Double(scale == nil ? text : String(text.dropLast()))
        guard let number, number > 0, number * (scale ?? 1) <= 1e12 else {
            throw RecursionError("\(key) must be a parameter count such as \"1.7B\" or \"135M\", not \"\(text)\"")
        }
        return Int((number * (scale ?? 1)).rounded())
    }

    private static func bounded(_ value: Int, _ range: ClosedRange<Int>, _ key: String) throws(RecursionError) -> Int {
        if let problem = ScheduleLimits.problem(value, range) { throw RecursionError("\(key) \(problem)") }
        return value
    }

    private static func sampling(_ table: StyleFile.Sampling?, over base: SamplingSettings,
                                 context: String) throws(RecursionError) -> SamplingSettings {
        guard let table else { return base }
        var settings = base
        if let value = table.temperature { settings.temperature = Float(value) }
        if let value = table.topP { settings.topP = Float(value) }
        if let value = table.topK { settings.topK = value }
        if let value = table.minP { settings.minP = Float(value) }
        if let value = table.repetitionPenalty { settings.repetitionPenalty = Float(value) }
        if let value = table.seed {
            guard value >= 0 else { throw RecursionError("\(context).seed must be 0 or more") }
            settings.seed = UInt64(value)
        }
        do {
            try settings.validate()
        } catch {
            throw RecursionError("\(context): \(error.description)")
        }
        return settings
    }
}

/// Where an agent's model comes from.
public enum ModelSource: Sendable, Equatable, CustomStringConvertible {
    /// A GGUF file (or model folder) on disk.
    case file(URL)
    /// A Hugging Face repository ("OWNER/NAME"), found offline by `CheckpointResolver`.
    case repository(String)

    /// `hf:OWNER/NAME`; an absolute or `~/` path; `./…` or `../…` beside the style file; otherwise a
    /// name in the models directory.
    public init(_ text: String, relativeTo base: URL?, models: ModelDirectory) throws(RecursionError) {
        if text.hasPrefix("hf:") {
            let id = String(text.dropFirst(3))
            guard id.split(separator: "/").count == 2 else {
                throw RecursionError("model \"\(text)\" must be hf:OWNER/NAME")
            }
            self = .repository(id)
        } else {
            self = .file(try Self.path(text, relativeTo: base, models: models))
        }
    }

    /// A model or link path as styles write it: absolute, `~/…`, `./…` beside `base`, or a name in the models directory.
    public static func path(_ text: String, relativeTo base: URL?, models: ModelDirectory) throws(RecursionError) -> URL {
        guard !text.isEmpty else { throw RecursionError("an empty path") }
        if text.hasPrefix("/") { return URL(fileURLWithPath: text) }
        if text.hasPrefix("~/") {
            return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(text.dropFirst(2)))
        }
        if text.hasPrefix("./") || text.hasPrefix("../") {
            let directory = base ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            return directory.appendingPathComponent(text).standardizedFileURL
        }
        return models.url.appendingPathComponent(text)
    }

    public var description: String {
        switch self {
        case .file(let url): url.lastPathComponent
        case .repository(let id): id
        }
    }
}

/// Where a link comes from.
public enum LinkSource: Sendable, Equatable {
    /// No transformation (untrained experiments; an outer identity needs equal hidden sizes).
    case identity
    /// The link fitted by `mastui links fit` for these models, in the models directory; until it
    /// exists a freshly initialised link is used, with a warning event.
    case fit
    /// The released checkpoint: the agent repository's inner link, or the style's outer-link repository.
    case repository
    case file(URL)

    public init(_ text: String, relativeTo base: URL?, models: ModelDirectory) throws(RecursionError) {
        switch text {
        case "identity": self = .identity
        case "fit": self = .fit
        case "repo": self = .repository
        default: self = .file(try ModelSource.path(text, relativeTo: base, models: models))
        }
    }
}
