import Foundation

/// Why a vocabulary could not be built or a token id could not be used: one line,
/// "<file name>: <problem>" when the vocabulary came from a file.
public struct TokenizerError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String?
    public let problem: String

    public init(file: String? = nil, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// `text` in quotes, shortened to its first 60 characters (tokens can be thousands of characters long).
    static func quoted(_ text: String) -> String {
        text.count > 60 ? "'\(text.prefix(60))…'" : "'\(text)'"
    }

    /// The same problem, attributed to `file`.
    func inFile(_ file: String) -> TokenizerError { TokenizerError(file: file, problem: problem) }

    /// One line: control characters (token texts may hold newlines) are escaped.
    public var description: String { FileFormatError.oneLine(file.map { "\($0): \(problem)" } ?? problem) }
}

extension TokenizerError: LocalizedError {
    public var errorDescription: String? { description }
}
