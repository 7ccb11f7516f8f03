import Foundation
import MASKit

/// The themes found on disk, in the order `T` cycles through them, `default` first.
/// Search order: `$XDG_CONFIG_HOME/mastui/themes` (or `~/.config/mastui/themes`), `./themes`,
/// `<prefix>/share/mastui/themes` next to the executable, then a `themes` folder above the
/// executable (a source checkout). A name found twice is taken from the first place.
public struct ThemeCatalog: Sendable {
    public var themes: [Theme]
    /// Problems met while loading (unreadable files, bad lines); shown after the UI closes.
    public var warnings: [String]

    public static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment,
                                  executable: URL = URL(fileURLWithPath: CommandLine.arguments[0])) -> [URL] {
        var directories: [URL] = []
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            directories.append(URL(fileURLWithPath: xdg).appendingPathComponent("mastui/themes"))
        } else if let home = environment["HOME"] {
            directories.append(URL(fileURLWithPath: home).appendingPathComponent(".config/mastui/themes"))
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("themes"))
        var ancestor = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(ancestor.appendingPathComponent("../share/mastui/themes").standardizedFileURL)
        for _ in 0..<5 {
            ancestor = ancestor.deletingLastPathComponent()
            directories.append(ancestor.appendingPathComponent("themes"))
        }
        return directories
    }

    /// Every `*.theme` file in `directories`; the built-in fallback when there are none.
    public static func load(from directories: [URL]) -> ThemeCatalog {
        var themes: [Theme] = [], warnings: [String] = [], seen: Set<String> = []
        for directory in directories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".theme") {
                let name = String(file.dropLast(".theme".count))
                guard !seen.contains(name) else { continue }
                if let theme = loadFile(directory.appendingPathComponent(file), name: name, warnings: &warnings) {
                    seen.insert(name)
                    themes.append(theme)
                }
            }
        }
        if let index = themes.firstIndex(where: { $0.name == "default" }) {
            themes.insert(themes.remove(at: index), at: 0)
        } else {
            themes.insert(.fallback, at: 0)
        }
        return ThemeCatalog(themes: themes, warnings: warnings)
    }

    /// The index of the theme the user asked for by name or by path (a path is loaded and added).
    /// An unknown name gives a warning and the default.
    public mutating func select(_ nameOrPath: String?) -> Int {
        guard let nameOrPath else { return 0 }
        if let index = themes.firstIndex(where: { $0.name == nameOrPath }) { return index }
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".theme") {
            let url = URL(fileURLWithPath: nameOrPath)
            let name = url.deletingPathExtension().lastPathComponent
            if let theme = Self.loadFile(url, name: name, warnings: &warnings) {
                themes.removeAll { $0.name == name }
                themes.append(theme)
                return themes.count - 1
            }
            return 0
        }
        warnings.append("theme \"\(nameOrPath)\" not found; using \(themes[0].name) (see mastui tui --list-themes)")
        return 0
    }

    private static func loadFile(_ url: URL, name: String, warnings: inout [String]) -> Theme? {
        let text: String
        do {
            text = String(decoding: try FileContents.read(url, limit: FileContents.styleLimit), as: UTF8.self)
        } catch {
            warnings.append("\(url.path): cannot read theme file (\(error.description)); skipped")
            return nil
        }
        let file = ThemeFile(parsing: text, fileName: url.path)
        warnings += file.warnings
        guard !file.entries.isEmpty else {
            warnings.append("\(url.path): no usable theme entries; skipped")
            return nil
        }
        return Theme(name: name, file: file)
    }
}
