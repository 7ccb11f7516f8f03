import Foundation

/// Loads what a style names: each model once however many agents share it (GGUF files and Hugging Face
/// folders, such as the released agent repositories), the tokenizers and chat templates, the inner and
/// outer links (released files, fitted files, or stand-ins with a warning). Before loading anything it
/// checks every agent's model is there and of a supported architecture, and names each one that is not.
public struct SystemLoader: Sendable {
    public var models: ModelDirectory
    public var checkpoints: CheckpointResolver

    public init(models: ModelDirectory = ModelDirectory(), checkpoints: CheckpointResolver = CheckpointResolver()) {
        self.models = models
        self.checkpoints = checkpoints
    }

    public func load(_ style: Style) throws -> LoadedSystem {
        var warnings: [String] = [], linkWarnings: [String] = []
        var loaded: [String: LanguageModel] = [:]
        var modelURLs: [String: URL] = [:]
        var agents: [LoadedAgent] = []
        let store = FittedLinkStore(models: models)
        let located = try locateModels(style)

        for spec in style.agents {
            guard let url = located[spec.role] else { continue }
            modelURLs[spec.role] = url
            let model: LanguageModel
            let textModel: TextModel
            do {
                model = try loaded[url.path] ?? LanguageModel(url: url)
                loaded[url.path] = model
                textModel = try TextModel(model: model, chatTemplate: spec.chatTemplate)
            } catch {
                throw RecursionError("\(spec.name): \(error)")
            }
            let template = textModel.chatTemplate
            if let warning = template.warning { warnings.append("\(spec.name): \(url.lastPathComponent): \(warning)") }
            let hidden = model.hiddenSize
            let inner: LatentMap
            switch spec.innerLink {
            case .identity:
                inner = .identity(size: hidden)
            case .file(let file):
                inner = try Self.link(file, expecting: .inner(hiddenSize: hidden))
            case .repository:
                guard case .repository(let id) = spec.model else { throw RecursionError("\(spec.name): inner_link \"repo\" needs an hf: model") }
                inner = try Self.link(try checkpoints.innerLink(in: try checkpoints.repository(id), task: style.checkpointTask),
                                      expecting: .inner(hiddenSize: hidden))
            case .fit:
                let file = store.innerLink(model: url)
                if FileManager.default.fileExists(atPath: file.path) {
                    inner = try Self.link(file, expecting: .inner(hiddenSize: hidden))
                } else {
                    inner = .link(.inner(try InnerLink.freshlyInitialised(hiddenSize: hidden, seed: Self.seed("inner:\(spec.role)"))))
                    linkWarnings.append(Self.untrainedWarning("\(spec.name)'s inner link", missing: file))
                }
            }
            let modelName = if case .repository(let id) = spec.model { id } else { url.lastPathComponent }
            agents.append(LoadedAgent(spec: spec, model: model, modelName: modelName, tokenizer: textModel.tokenizer,
                                      template: template, inner: inner, stopTokens: textModel.endOfGeneration))
        }

        var outer: [String: LatentMap] = [:]
        let released = try style.links.values.contains(.repository)
            ? checkpoints.outerLinks(in: checkpoints.repository(style.outerLinksRepository ?? ""), task: style.checkpointTask)
            : [:]
        for (key, from, to) in style.family.links {
            guard let source = agents.first(where: { $0.spec.role == from }),
                  let target = agents.first(where: { $0.spec.role == to }),
                  let sourceURL = modelURLs[from], let targetURL = modelURLs[to] else { continue }
            let (din, dout) = (source.model.hiddenSize, target.model.hiddenSize)
            let expectation = LinkExpectation.outer(sourceHiddenSize: din, targetHiddenSize: dout)
            switch style.links[key] ?? .fit {
            case .identity:
                guard din == dout else {
                    throw RecursionError("links.\(key) = \"identity\" needs equal hidden sizes, but \(from) has \(din) and \(to) has \(dout)")
                }
                outer[key] = .identity(size: din)
            case .file(let file):
                outer[key] = try Self.link(file, expecting: expectation)
            case .repository:
                guard let file = released[key] else {
                    throw RecursionError("\(style.outerLinksRepository ?? ""): outerlink_config.json has no \(key)")
                }
                outer[key] = try Self.link(file, expecting: expectation)
            case .fit:
                let file = store.outerLink(from: sourceURL, to: targetURL)
                if FileManager.default.fileExists(atPath: file.path) {
                    outer[key] = try Self.link(file, expecting: expectation)
                } else {
                    outer[key] = .link(.outer(try OuterLink.freshlyInitialised(inputSize: din, outputSize: dout,
                                                                               seed: Self.seed(key))))
                    linkWarnings.append(Self.untrainedWarning("link \(key) (\(from) → \(to))", missing: file))
                }
            }
        }
        return LoadedSystem(style: style, agents: agents, outerLinks: outer, warnings: warnings, linkWarnings: linkWarnings)
    }

    /// Every agent's model file or folder, by role; one error naming every agent whose model is missing
    /// or of an unsupported architecture, and a missing outer-link repository.
    private func locateModels(_ style: Style) throws -> [String: URL] {
        var urls: [String: URL] = [:]
        var problems: [String] = []
        for spec in style.agents {
            do {
                let url = try modelURL(spec.model)
                try Self.checkArchitecture(url)
                urls[spec.role] = url
            } catch {
                problems.append("\(spec.name) (\(spec.model)): \(error)")
            }
        }
        if style.links.values.contains(.repository) {
            do {
                _ = try checkpoints.repository(style.outerLinksRepository ?? "")
            } catch {
                problems.append("outer links: \(error)")
            }
        }
        guard problems.isEmpty else { throw RecursionError(problems.joined(separator: "; ")) }
        return urls
    }

    func modelURL(_ source: ModelSource) throws -> URL {
        let url: URL
        switch source {
        case .file(let file): url = file
        case .repository(let id): url = try checkpoints.repository(id)
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            let hint = url.deletingLastPathComponent() == models.url ? "; run \(ModelDirectory.setupCommand)" : ""
            throw RecursionError("missing model \(url.path)\(hint)")
        }
        return url
    }

    /// A Hugging Face folder's config.json must name an architecture the engine runs (GGUF files are
    /// checked when they load).
    private static func checkArchitecture(_ url: URL) throws {
        let config = url.appendingPathComponent("config.json")
        guard FileManager.default.fileExists(atPath: config.path) else { return }
        let type = try JSONObject(url: config).string("model_type")
        guard TransformerConfig.huggingFaceModelTypes.contains(type) else {
            throw RecursionError(ModelFacts.unsupported(type, supported: TransformerConfig.huggingFaceModelTypes))
        }
    }

    private static func link(_ url: URL, expecting expectation: LinkExpectation) throws -> LatentMap {
        .link(try RecursiveLinkFile(url: url, expecting: expectation).link)
    }

    private static func untrainedWarning(_ what: String, missing file: URL) -> String {
        "\(what) is freshly initialised and UNTRAINED: no fitted link at \(file.path) (fitted links are made by `mastui links fit`)"
    }

    /// A stable seed per link name (FNV-1a), so a style's stand-in links are the same on every run.
    static func seed(_ name: String) -> UInt64 {
        Fingerprint().adding(name).value
    }
}
