import Foundation

/// A parsed `themes/*.theme` file. Lines read `theme[key]="value"`; `#` starts a comment line.
/// A value is a colour — `#rrggbb`, `#gg` (grey), `r g b` in decimal, an ANSI name such as
/// `bright-blue`, or nothing for the terminal default — then optional `,bold`, `,dim`,
/// `,underline`, `,reverse`. Bad lines and unknown keys become warnings; the rest still loads.
public struct ThemeFile: Sendable, Equatable {
    public var entries: [ThemeKey: ThemeEntry] = [:]
    public var warnings: [String] = []

    public init(parsing text: String, fileName: String) {
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                let (key, entry) = try Self.parse(line: line)
                entries[key] = entry
            } catch let problem as ThemeLineProblem {
                warnings.append("\(fileName):\(index + 1): \(problem.message)")
            } catch {
                warnings.append("\(fileName):\(index + 1): \(error)")
            }
        }
    }

    private struct ThemeLineProblem: Error {
        public var message: String
    }

    private static func parse(line: String) throws -> (ThemeKey, ThemeEntry) {
        guard line.hasPrefix("theme["), let close = line.firstIndex(of: "]") else {
            throw ThemeLineProblem(message: "expected theme[key]=\"value\"")
        }
        let name = String(line[line.index(line.startIndex, offsetBy: 6)..<close])
        var rest = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("=") else { throw ThemeLineProblem(message: "expected = after theme[\(name)]") }
        rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
        guard rest.count >= 2, rest.hasPrefix("\""), let end = rest.dropFirst().firstIndex(of: "\"") else {
            throw ThemeLineProblem(message: "the value of theme[\(name)] must be in double quotes")
        }
        let trailing = rest[rest.index(after: end)...].trimmingCharacters(in: .whitespaces)
        guard trailing.isEmpty || trailing.hasPrefix("#") else {
            throw ThemeLineProblem(message: "unexpected text after the value of theme[\(name)]")
        }
        guard let key = ThemeKey(rawValue: name) else {
            throw ThemeLineProblem(message: "unknown key \"\(name)\" (ignored)")
        }
        let value = rest[rest.index(after: rest.startIndex)..<end]
        let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        var entry = ThemeEntry(color: try color(parts[0], key: name))
        for word in parts.dropFirst() where !word.isEmpty {
            guard let attribute = TextAttributes.names.first(where: { $0.0 == word.lowercased() })?.1 else {
                throw ThemeLineProblem(message: "unknown attribute \"\(word)\" for theme[\(name)]")
            }
            entry.attributes.insert(attribute)
        }
        return (key, entry)
    }

    private static func color(_ text: String, key: String) throws -> ThemeColor? {
        if text.isEmpty { return nil }
        if text.hasPrefix("#") {
            let hex = text.dropFirst()
            let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { offset -> UInt8? in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: min(2, hex.count - offset))], radix: 16)
            }
            if hex.count == 6, bytes.count == 3 { return .rgb(bytes[0], bytes[1], bytes[2]) }
            if hex.count == 2, bytes.count == 1 { return .rgb(bytes[0], bytes[0], bytes[0]) }
        } else if let index = ThemeColor.ansiNames.firstIndex(of: text.lowercased()) {
            return .ansi(index)
        } else {
            let numbers = text.split(separator: " ").compactMap { UInt8($0) }
            if numbers.count == 3, text.split(separator: " ").count == 3 {
                return .rgb(numbers[0], numbers[1], numbers[2])
            }
        }
        throw ThemeLineProblem(message: "bad colour \"\(text)\" for theme[\(key)]")
    }
}
