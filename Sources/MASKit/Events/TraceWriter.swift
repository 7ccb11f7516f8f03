import Foundation

/// Records a run as a JSON-lines trace: a header line, then one event per line. Each event is
/// written with its own write call, so a killed process loses at most the event being written.
public final class TraceWriter {
    private let handle: FileHandle
    private let path: String

    /// Creates (or truncates) the file at `url` and writes the header.
    public init(url: URL, header: TraceHeader = TraceHeader(createdAt: Date().timeIntervalSince1970)) throws {
        path = url.path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw TraceError(file: path, problem: .unreadable("cannot create the file"))
        }
        handle = try FileHandle(forWritingTo: url)
        try append(TraceCoding.encodeLine(header))
    }

    public func write(_ envelope: MASEventEnvelope) throws {
        try append(TraceCoding.encodeLine(envelope))
    }

    public func close() throws {
        try handle.close()
    }

    private func append(_ line: Data) throws {
        do {
            try handle.write(contentsOf: line)
        } catch {
            throw TraceError(file: path, problem: .unreadable("write failed: \(error.localizedDescription)"))
        }
    }
}
