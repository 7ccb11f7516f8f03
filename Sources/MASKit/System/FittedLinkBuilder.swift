import Foundation

/// Fits the links of a plan and saves them where `SystemLoader` looks for fitted links
/// (`FittedLinkStore`), as safetensors under the released key names. A link already there is kept when
/// it loads with the right sizes and its metadata says it was made from the same models, text and
/// settings.
public struct FittedLinkBuilder: Sendable {
    public var store: FittedLinkStore
    public var text: FittingText
    public var settings: LinkFitSettings

    /// The safetensors metadata key that records what a fitted link was made from.
    public static let metadataKey = "mastui_fit"
    /// Bump when the fitting procedure changes, so older fitted files are redone.
    static let procedureVersion = "1"

    public init(store: FittedLinkStore, text: FittingText, settings: LinkFitSettings = LinkFitSettings()) {
        self.store = store
        self.text = text
        self.settings = settings
    }

    public enum Event: Sendable {
        /// Running a model over the fitting text: pairs done of all.
        case reading(model: String, done: Int, total: Int)
        case fitting(FittedLinkRequest, LinkFitProgress)
        case finished(Outcome)
    }

    public struct Outcome: Sendable {
        public var request: FittedLinkRequest
        public var file: URL
        /// Nil when the saved link was current and kept.
        public var report: LinkFitReport?
    }

    public func file(for request: FittedLinkRequest) -> URL {
        switch request {
        case .inner(let model): store.innerLink(model: model)
        case .outer(let source, let target): store.outerLink(from: source, to: target)
        }
    }

    /// What a link fitted now would record in its metadata.
    public func provenance(of request: FittedLinkRequest, in plan: FittedLinkPlan) -> String {
        func model(_ url: URL) -> String {
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
            return "\(url.lastPathComponent):\(size.map(String.init) ?? "?"):\(plan.chatTemplates[url] ?? "gguf")"
        }
        let common = "v\(Self.procedureVersion) text=\(String(text.fingerprint, radix: 16)) \(settings.summary)"
        switch request {
        case .inner(let url):
            return "inner \(model(url)) \(common)"
        case .outer(let source, let target):
            let inner = Fingerprint().adding(provenance(of: .inner(model: source), in: plan)).hex
            return "outer \(model(source)) -> \(model(target)) inner=\(inner) \(common)"
        }
    }

    /// Whether the saved link loads with the sizes the models need and was made as this builder would.
    public func isCurrent(_ request: FittedLinkRequest, in plan: FittedLinkPlan) -> Bool {
        let url = file(for: request)
        guard let file = try? SafetensorsFile(url: url),
              file.metadata[Self.metadataKey] == provenance(of: request, in: plan),
              let link = try? RecursiveLinkFile(url: url).link, link.kind == request.kind
        else { return false }
        switch request {
        case .inner(let model):
            return (try? LanguageModel(url: model).hiddenSize) == link.inputSize
        case .outer(let source, let target):
            return (try? LanguageModel(url: source).hiddenSize) == link.inputSize
                && (try? LanguageModel(url: target).hiddenSize) == link.outputSize
        }
    }

    /// Fits every link of `plan` that is not current (all of them with `force`), in plan order.
    public func build(_ plan: FittedLinkPlan, force: Bool = false, pool: WorkerPool = .shared,
                      events: (Event) -> Void = { _ in }) throws -> [Outcome] {
        let heldOut = text.heldOut(fraction: settings.heldOutFraction, seed: settings.seed)
        let training = text.pairs.indices.filter { !heldOut.contains($0) }
        var runs: [URL: ModelTextRun] = [:]
        func run(_ url: URL) throws -> ModelTextRun {
            if let done = runs[url] { return done }
            let textModel = try TextModel(model: LanguageModel(url: url, pool: pool), chatTemplate: plan.chatTemplates[url])
            let made = try ModelTextRun(textModel: textModel, text: text) { done, total in
                events(.reading(model: url.lastPathComponent, done: done, total: total))
            }
            runs[url] = made
            return made
        }
        try store.prepareForWriting()

        var outcomes: [Outcome] = []
        for request in plan.requests {
            let url = file(for: request)
            if !force, isCurrent(request, in: plan) {
                let outcome = Outcome(request: request, file: url, report: nil)
                events(.finished(outcome))
                outcomes.append(outcome)
                continue
            }
            let trainingSet: LinkTrainingSet, heldOutSet: LinkTrainingSet
            switch request {
            case .inner(let model):
                let made = try run(model)
                trainingSet = try .inner(made, passages: training)
                heldOutSet = try .inner(made, passages: heldOut.sorted())
            case .outer(let source, let target):
                let inner = LatentMap.link(try RecursiveLinkFile(url: file(for: .inner(model: source))).link)
                let (from, to) = (try run(source), try run(target))
                trainingSet = try .outer(from: from, inner: inner, to: to, passages: training)
                heldOutSet = try .outer(from: from, inner: inner, to: to, passages: heldOut.sorted())
            }
            let (link, report) = try LinkFitter.fit(request.kind, training: trainingSet, heldOut: heldOutSet,
                                                    settings: settings, pool: pool) { events(.fitting(request, $0)) }
            try RecursiveLinkFile.save(link, to: url, metadata: [Self.metadataKey: provenance(of: request, in: plan)])
            let outcome = Outcome(request: request, file: url, report: report)
            events(.finished(outcome))
            outcomes.append(outcome)
        }
        return outcomes
    }
}
