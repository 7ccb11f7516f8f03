import Foundation
import MASKit

/// One style the picker offers: what it is, which agents on which models, and where it was found.
public struct StyleChoice: Equatable, Sendable {
    public struct AgentModel: Equatable, Sendable {
        public var name: String
        public var model: String
    }

    public var name: String
    public var family: String
    public var description: String
    public var agents: [AgentModel]
    public var rounds: Int
    public var latentSteps: Int
    /// Shipped with mastui (else found in the user's style folders).
    public var builtIn: Bool
    public var path: String
    /// Why the file could not be read, if it could not.
    public var problem: String?
    /// Whether its checkpoints are here and run (nil when the file could not be read).
    public var readiness: StyleReadiness?

    public init(name: String, family: String, description: String, agents: [AgentModel], rounds: Int,
                latentSteps: Int, builtIn: Bool, path: String, problem: String? = nil, readiness: StyleReadiness? = nil) {
        self.name = name
        self.family = family
        self.description = description
        self.agents = agents
        self.rounds = rounds
        self.latentSteps = latentSteps
        self.builtIn = builtIn
        self.path = path
        self.problem = problem
        self.readiness = readiness
    }

    /// Why picking it cannot lead to a run, in one line, if it cannot.
    public var blocker: String? {
        if let problem { return problem }
        guard let readiness, !readiness.canRun else { return nil }
        return ReadinessText.verdict(readiness) + " (details: the picker, or mastui styles \(name))"
    }

    /// Every style `catalog` finds, read from its file, with what `loader` finds of its checkpoints; styles
    /// also found by `builtIns` (the catalog without the user's folders) count as built in. A file that does
    /// not parse is listed with its problem.
    public static func discover(in catalog: StyleCatalog, builtIns: StyleCatalog, loader: SystemLoader) -> [StyleChoice] {
        let shipped = Set(builtIns.names())
        return catalog.names().compactMap { name in
            guard let file = try? catalog.file(for: name) else { return nil }
            do {
                let style = try Style(contentsOf: file)
                return StyleChoice(name: name, family: style.family.rawValue, description: style.description,
                                   agents: style.agents.map { AgentModel(name: $0.name, model: $0.model.description) },
                                   rounds: style.rounds, latentSteps: style.latentSteps, builtIn: shipped.contains(name),
                                   path: file.path, readiness: loader.readiness(of: style))
            } catch {
                return StyleChoice(name: name, family: "?", description: "", agents: [], rounds: 0, latentSteps: 0,
                                   builtIn: shipped.contains(name), path: file.path, problem: "\(error)")
            }
        }
    }
}
