/// A link used or built with the wrong sizes (not a file problem: those are `FileFormatError`s).
public struct LinkError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}
