import Foundation

/// Why a GGUF file could not be read: one line, "<file name>: <problem>".
public struct GGUFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's name (last path component).
    public let file: String
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}

extension GGUFError: LocalizedError {
    public var errorDescription: String? { description }
}
