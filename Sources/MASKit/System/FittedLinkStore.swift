import Foundation

/// Where fitted links for the tiny presets live (written by link fitting, read by styles whose links
/// say "fit"): `<models>/links/`, named after the model files they join, so presets sharing a model
/// pair share the link.
public struct FittedLinkStore: Sendable {
    public let directory: URL

    public init(models: ModelDirectory = ModelDirectory()) {
        directory = models.url.appendingPathComponent("links", isDirectory: true)
    }

    /// A store in another directory (tests, experiments).
    public init(directory: URL) {
        self.directory = directory
    }

    /// Makes the directory and checks a file can be written there, before any fitting: a read-only models
    /// folder must fail at once, not after minutes of training.
    public func prepareForWriting() throws(RecursionError) {
        let probe = directory.appendingPathComponent(".mastui-write-check-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw RecursionError("cannot write fitted links to \(directory.path): \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
        }
    }

    /// `<model>.inner.safetensors`: a model's last hidden state → its own next input embedding.
    public func innerLink(model: URL) -> URL {
        directory.appendingPathComponent("\(Self.stem(model)).inner.safetensors")
    }

    /// `<source>--<target>.outer.safetensors`: one model's inner-linked latent → another's embedding space.
    public func outerLink(from source: URL, to target: URL) -> URL {
        directory.appendingPathComponent("\(Self.stem(source))--\(Self.stem(target)).outer.safetensors")
    }

    static func stem(_ model: URL) -> String {
        model.pathExtension == "gguf" ? model.deletingPathExtension().lastPathComponent : model.lastPathComponent
    }
}
