/// A run that cannot go on: a bad style, a missing checkpoint, a prompt without its slot. One line.
public struct RecursionError: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
