/// Why a trace file cannot be read; the description is one line naming the file.
public struct TraceError: Error, Equatable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        case unreadable(String)
        case noHeader
        case badHeader(String)
        case unsupportedSchema(found: Int, supported: Int)
        case badLine(line: Int, reason: String)
        case sequenceOutOfOrder(line: Int, sequence: Int, previous: Int)
    }

    public var file: String
    public var problem: Problem

    public init(file: String, problem: Problem) {
        self.file = file
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case let .unreadable(reason):
            "\(file): cannot read trace: \(reason)"
        case .noHeader:
            "\(file): not a mastui trace: the file has no complete header line"
        case let .badHeader(reason):
            "\(file): not a mastui trace: bad header line: \(reason)"
        case let .unsupportedSchema(found, supported):
            "\(file): trace schema version \(found) is newer than this mastui reads (\(supported))"
        case let .badLine(line, reason):
            "\(file):\(line): not a trace event: \(reason)"
        case let .sequenceOutOfOrder(line, sequence, previous):
            "\(file):\(line): event sequence \(sequence) does not follow \(previous)"
        }
    }
}
