import Foundation

/// What running a style needs and whether this machine has it, known before anything loads: per agent the
/// model's architecture and size, where its checkpoint is (or the command that fetches it) and whether the
/// engine runs it; the outer-link repository; the memory the weights take.
public struct StyleReadiness: Sendable, Equatable, Encodable {
    public struct Agent: Sendable, Equatable, Encodable {
        public var name: String
        public var model: String
        /// Where the checkpoint is, when it is there.
        public var location: String?
        /// config.json `model_type` or GGUF `general.architecture`; what the style declares while missing.
        public var architecture: String?
        /// Counted in the weights; what the style declares while missing.
        public var parameters: Int?
        public var hiddenSize: Int?
        /// Bytes of weights in memory: the mapped files, or 2 per declared parameter (bf16) while missing.
        public var weightBytes: Int?
        /// nil while neither the checkpoint nor the style says which architecture it is.
        public var supported: Bool?
        /// What fetches the missing checkpoint (never offered for an unsupported one).
        public var fetchCommand: String?
        /// Why this agent cannot run, if it cannot.
        public var problem: String?
    }

    public struct Repository: Sendable, Equatable, Encodable {
        public var id: String
        public var location: String?
        public var fetchCommand: String?
    }

    public var agents: [Agent]
    /// The outer-link repository, when the style takes its links from one.
    public var outerLinks: Repository?

    /// The weights of every distinct model, nil while some size is unknown.
    public var weightBytes: Int? {
        var seen = Set<String>()
        var total = 0
        for agent in agents {
            guard let bytes = agent.weightBytes else { return nil }
            if let location = agent.location, !seen.insert(location).inserted { continue }
            total += bytes
        }
        return total
    }

    /// One line per reason the style cannot run; empty when it can.
    public var problems: [String] {
        agents.compactMap { agent in agent.problem.map { "\(agent.name): \($0)" } }
            + (outerLinks.flatMap { $0.location == nil ? "outer links: missing repo \($0.id)" : nil }.map { [$0] } ?? [])
    }

    public var canRun: Bool { problems.isEmpty }

    private enum CodingKeys: String, CodingKey { case agents, outerLinks, weightBytes, problems, canRun }

    /// With the derived totals, for `mastui styles --json`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agents, forKey: .agents)
        try container.encodeIfPresent(outerLinks, forKey: .outerLinks)
        try container.encodeIfPresent(weightBytes, forKey: .weightBytes)
        try container.encode(problems, forKey: .problems)
        try container.encode(canRun, forKey: .canRun)
    }
}

extension SystemLoader {
    /// What `style` needs, from the files that are there and what the style declares about those that are not;
    /// reads headers only.
    public func readiness(of style: Style) -> StyleReadiness {
        let agents = style.agents.map { spec in
            var agent = StyleReadiness.Agent(name: spec.name, model: spec.model.description,
                                             architecture: spec.declaredArchitecture, parameters: spec.declaredParameters)
            agent.supported = spec.declaredArchitecture.map(Self.isSupported)
            agent.weightBytes = spec.declaredParameters.map { 2 * $0 }
            guard let url = try? modelURL(spec.model) else {
                let fetch = Self.fetchCommand(for: spec.model)
                agent.fetchCommand = agent.supported == false ? nil : fetch
                agent.problem = agent.supported == false
                    ? "\(agent.architecture ?? "") is not supported, and its checkpoint is missing"
                    : "missing \(spec.model.description) (\(fetch))"
                return agent
            }
            agent.location = url.path
            do {
                let found = try ModelFacts(url: url)
                agent.architecture = found.architecture
                agent.parameters = found.parameters
                agent.weightBytes = found.bytes
                agent.hiddenSize = found.hiddenSize
                agent.supported = found.problem == nil
                agent.problem = found.problem
            } catch {
                agent.supported = nil
                agent.problem = "\(error)"
            }
            return agent
        }
        let outer = style.links.values.contains(.repository) ? style.outerLinksRepository.map { id in
            let location = try? checkpoints.repository(id)
            return StyleReadiness.Repository(id: id, location: location?.path,
                                             fetchCommand: location == nil ? Self.fetchCommand(for: .repository(id)) : nil)
        } : nil
        return StyleReadiness(agents: agents, outerLinks: outer)
    }

    static func fetchCommand(for source: ModelSource) -> String {
        switch source {
        case .repository(let id): CheckpointResolver.fetchCommand(id)
        case .file: ModelDirectory.setupCommand
        }
    }

    /// Whether the engine runs checkpoints of a config.json `model_type` or GGUF architecture.
    static func isSupported(_ architecture: String) -> Bool {
        TransformerConfig.huggingFaceModelTypes.contains(architecture)
            || TransformerConfig.ggufArchitectures.map(\.rawValue).contains(architecture)
    }
}

/// What a checkpoint's headers say: architecture, size, and why the engine cannot run it, if it cannot.
struct ModelFacts {
    var architecture: String
    var parameters: Int
    var hiddenSize: Int?
    var bytes: Int
    var problem: String?

    init(url: URL) throws {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            let root = try JSONObject(url: url.appendingPathComponent("config.json"))
            architecture = try root.string("model_type")
            let weights = try SafetensorsCheckpoint(directory: url)
            parameters = weights.tensorNames.compactMap(weights.info(named:)).reduce(0) { $0 + $1.elementCount }
            bytes = weights.byteCount
            do {
                hiddenSize = try TransformerConfig(huggingFace: root).hiddenSize
            } catch {
                problem = TransformerConfig.huggingFaceModelTypes.contains(architecture)
                    ? "\(error)" : Self.unsupported(architecture, supported: TransformerConfig.huggingFaceModelTypes)
            }
        } else {
            let file = try GGUFFile(url: url)
            let summary = try GGUFModelSummary(file: file)
            architecture = summary.architecture
            parameters = summary.parameterCount
            hiddenSize = summary.hiddenSize
            bytes = summary.fileSize
            do {
                _ = try TransformerConfig(gguf: file)
            } catch {
                problem = "\(error)"
            }
        }
    }

    static func unsupported(_ architecture: String, supported: [String]) -> String {
        "architecture \(architecture) is not supported yet (supported: \(supported.joined(separator: ", ")))"
    }
}
