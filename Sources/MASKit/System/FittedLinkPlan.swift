import Foundation

/// One link `mastui links fit` makes for a style whose links say "fit".
public enum FittedLinkRequest: Hashable, Sendable, CustomStringConvertible {
    /// A model's inner link.
    case inner(model: URL)
    /// The outer link from one model's latents into another's embedding space.
    case outer(source: URL, target: URL)

    public var kind: RecursiveLink.Kind {
        switch self {
        case .inner: .inner
        case .outer: .outer
        }
    }

    public var description: String {
        switch self {
        case .inner(let model): "inner \(FittedLinkStore.stem(model))"
        case .outer(let source, let target): "outer \(FittedLinkStore.stem(source)) → \(FittedLinkStore.stem(target))"
        }
    }
}

/// The links to fit, inner links first (outer links are fitted on inner-linked latents), each once.
public struct FittedLinkPlan: Sendable {
    public let requests: [FittedLinkRequest]
    /// The chat template family a style names for a model file, used to render the fitting text.
    public let chatTemplates: [URL: String]

    /// Every "fit" link of these styles whose models are files.
    public init(styles: [Style]) {
        var inner: [FittedLinkRequest] = [], outer: [FittedLinkRequest] = []
        var templates: [URL: String] = [:]
        for style in styles {
            var files: [String: URL] = [:]
            for agent in style.agents {
                guard case .file(let url) = agent.model else { continue }
                files[agent.role] = url
                if let template = agent.chatTemplate { templates[url] = template }
                if agent.innerLink == .fit { inner.append(.inner(model: url)) }
            }
            for (key, from, to) in style.family.links where (style.links[key] ?? .fit) == .fit {
                guard let source = files[from], let target = files[to] else { continue }
                outer.append(.outer(source: source, target: target))
            }
        }
        self.init(requests: inner + outer, chatTemplates: templates)
    }

    /// These links, plus the inner link of every outer link's source.
    public init(requests: [FittedLinkRequest], chatTemplates: [URL: String] = [:]) {
        var ordered: [FittedLinkRequest] = []
        for request in requests {
            if case .outer(let source, _) = request { ordered.append(.inner(model: source)) }
            ordered.append(request)
        }
        var seen = Set<FittedLinkRequest>()
        let unique = ordered.filter { seen.insert($0).inserted }
        self.requests = unique.filter { $0.kind == .inner } + unique.filter { $0.kind == .outer }
        self.chatTemplates = chatTemplates
    }
}
