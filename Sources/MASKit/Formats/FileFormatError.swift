/// Why a weight file cannot be read (or written): one line, "<file>: <problem>".
public struct FileFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { Self.oneLine("\(file): \(problem)") }

    /// `text` with control characters (names read from hostile files may hold newlines) escaped.
    static func oneLine(_ text: String) -> String { escapingControlCharacters(text) }

    /// `text` with every control character but those in `kept` written as an escape (`\u{1B}`), so that
    /// text from a file or a model can neither break a line nor drive a terminal.
    public static func escapingControlCharacters(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        var line = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control && !kept.contains(scalar) {
                line += scalar.escaped(asASCII: true)
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        return line
    }
}
