import Foundation

/// Finds style files by name: `$MASTUI_STYLES`, `~/.config/mastui/styles`, `./styles`, then the
/// `styles/` folder installed beside the executable or in a checkout above it.
public struct StyleCatalog: Sendable {
    public var directories: [URL]

    public init(directories: [URL]) {
        self.directories = directories
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                executable: URL = URL(fileURLWithPath: CommandLine.arguments[0])) {
        var directories: [URL] = []
        if let custom = environment["MASTUI_STYLES"], !custom.isEmpty {
            directories.append(URL(fileURLWithPath: custom, isDirectory: true))
        }
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            directories.append(URL(fileURLWithPath: xdg).appendingPathComponent("mastui/styles"))
        } else if let home = environment["HOME"] {
            directories.append(URL(fileURLWithPath: home).appendingPathComponent(".config/mastui/styles"))
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("styles"))
        var ancestor = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(ancestor.appendingPathComponent("../share/mastui/styles").standardizedFileURL)
        for _ in 0..<5 {
            ancestor = ancestor.deletingLastPathComponent()
            directories.append(ancestor.appendingPathComponent("styles"))
        }
        self.directories = directories
    }

    /// The file of style `name`, or `name` itself when it is a path to a `.toml` file.
    public func file(for name: String) throws(RecursionError) -> URL {
        if name.hasSuffix(".toml") || name.contains("/") {
            let url = URL(fileURLWithPath: (name as NSString).expandingTildeInPath)
            guard FileManager.default.fileExists(atPath: url.path) else { throw RecursionError("no style file \(url.path)") }
            return url
        }
        for directory in directories {
            let url = directory.appendingPathComponent("\(name).toml")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        let known = names()
        throw RecursionError("no style named \"\(name)\"" + (known.isEmpty ? " (no styles/ folder found)" : "; known: \(known.joined(separator: ", "))"))
    }

    /// Every style name found, first directory winning.
    public func names() -> [String] {
        var seen: [String] = []
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(".toml".count))
                if !seen.contains(name) { seen.append(name) }
            }
        }
        return seen
    }
}
