import Foundation

/// Finds the released RecursiveMAS checkpoints offline (spec §1.5): each repository in a directory
/// given with `--checkpoints` (as `DIR/OWNER/NAME`, `DIR/NAME`, or a Hugging Face cache layout), or in
/// the Hugging Face cache; then the inner-link file of an agent repository and the outer-link files
/// of an outer-link repository, as the reference resolver picks them.
public struct CheckpointResolver: Sendable {
    public var checkpointsDirectory: URL?
    public var huggingFaceCache: URL

    public init(checkpointsDirectory: URL? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.checkpointsDirectory = checkpointsDirectory
        huggingFaceCache = Self.cacheDirectory(environment: environment)
    }

    /// `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    public static func cacheDirectory(environment: [String: String]) -> URL {
        if let hub = environment["HF_HUB_CACHE"], !hub.isEmpty { return URL(fileURLWithPath: hub, isDirectory: true) }
        if let home = environment["HF_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent("hub", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cache/huggingface/hub", isDirectory: true)
    }

    /// The local folder of repository `id` ("OWNER/NAME").
    public func repository(_ id: String) throws(RecursionError) -> URL {
        let parts = id.split(separator: "/").map(String.init)
        guard parts.count == 2 else { throw RecursionError("repository \"\(id)\" is not OWNER/NAME") }
        var candidates: [URL] = []
        if let directory = checkpointsDirectory {
            candidates.append(directory.appendingPathComponent(parts[0]).appendingPathComponent(parts[1]))
            candidates.append(directory.appendingPathComponent(parts[1]))
        }
        for candidate in candidates where Self.isDirectory(candidate) { return candidate }
        var looked = candidates.map(\.path)
        for cache in [checkpointsDirectory, huggingFaceCache].compactMap({ $0 }) {
            let folder = cache.appendingPathComponent("models--\(parts[0])--\(parts[1])", isDirectory: true)
            if let snapshot = Self.snapshot(in: folder) { return snapshot }
            looked.append(folder.path)
        }
        throw RecursionError("missing repo \(id) (looked in \(looked.joined(separator: ", "))); download it with `\(Self.fetchCommand(id))` or pass --checkpoints DIR")
    }

    /// The command that downloads repository `id` into the Hugging Face cache.
    public static func fetchCommand(_ id: String) -> String { "huggingface-cli download \(id)" }

    /// The snapshot `refs/main` points to, else the only snapshot.
    static func snapshot(in folder: URL) -> URL? {
        let snapshots = folder.appendingPathComponent("snapshots", isDirectory: true)
        if let ref = try? String(contentsOf: folder.appendingPathComponent("refs/main"), encoding: .utf8) {
            let candidate = snapshots.appendingPathComponent(ref.trimmingCharacters(in: .whitespacesAndNewlines))
            if isDirectory(candidate) { return candidate }
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: snapshots.path)) ?? []
        let folders = entries.map { snapshots.appendingPathComponent($0) }.filter(isDirectory)
        return folders.count == 1 ? folders[0] : nil
    }

    /// The inner-link weights of an agent repository (spec §1.5.4): `innerlink_config.json`'s entry for
    /// `task`, else `adapter(<task>).pt`, else `adapter.pt`.
    public func innerLink(in repository: URL, task: String?) throws(RecursionError) -> URL {
        let manifest = repository.appendingPathComponent("innerlink_config.json")
        if let task, !task.isEmpty, FileManager.default.fileExists(atPath: manifest.path) {
            let object = try Self.jsonObject(manifest)
            if let tasks = object["tasks"] as? [String: Any], let entry = tasks[task] {
                let name = (entry as? [String: Any])?["adapter.pt"] as? String ?? "adapter.pt"
                return try Self.existing(repository.appendingPathComponent(name), named: "inner link of \(manifest.path)")
            }
        }
        if let task, !task.isEmpty {
            let scoped = repository.appendingPathComponent("adapter(\(task)).pt")
            if FileManager.default.fileExists(atPath: scoped.path) { return scoped }
        }
        let plain = repository.appendingPathComponent("adapter.pt")
        if FileManager.default.fileExists(atPath: plain.path) { return plain }
        throw RecursionError("\(repository.path): no adapter weights found (adapter.pt\(task.map { ", adapter(\($0)).pt" } ?? ""))")
    }

    /// The outer-link files of an outer-link repository by legacy key (`outer_12`…), from its
    /// `outerlink_config.json` (task-scoped manifests need `task`).
    public func outerLinks(in repository: URL, task: String?) throws(RecursionError) -> [String: URL] {
        let manifest = repository.appendingPathComponent("outerlink_config.json")
        guard FileManager.default.fileExists(atPath: manifest.path) else {
            throw RecursionError("\(repository.path): missing outerlink_config.json")
        }
        let object = try Self.jsonObject(manifest)
        let adapters: Any?
        if let tasks = object["tasks"] as? [String: Any] {
            guard let task, let scoped = tasks[task] as? [String: Any] else {
                throw RecursionError("\(manifest.path): task-scoped links need a task (one of \(tasks.keys.sorted().joined(separator: ", ")))")
            }
            adapters = scoped["adapters"]
        } else {
            adapters = object["adapters"]
        }
        var files: [String: URL] = [:]
        for entry in adapters as? [[String: Any]] ?? [] {
            guard let key = entry["legacy_key"] as? String, let name = entry["filename"] as? String else {
                throw RecursionError("\(manifest.path): an adapter entry lacks legacy_key or filename")
            }
            files[key] = try Self.existing(repository.appendingPathComponent(name), named: "\(key) of \(manifest.path)")
        }
        guard !files.isEmpty else { throw RecursionError("\(manifest.path): lists no outer links") }
        return files
    }

    private static func jsonObject(_ url: URL) throws(RecursionError) -> [String: Any] {
        guard let data = try? FileContents.read(url, limit: FileContents.configLimit),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw RecursionError("\(url.path): is not a JSON object")
        }
        return object
    }

    private static func existing(_ url: URL, named what: String) throws(RecursionError) -> URL {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw RecursionError("\(url.path): missing (the \(what))")
        }
        return url
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }
}
