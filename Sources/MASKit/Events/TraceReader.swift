import Foundation

/// Reads JSON-lines traces. A last line without its newline that does not parse is a write cut
/// short and is dropped; any other line that does not parse is an error naming the line.
/// Blank lines are skipped. Within each run, sequence numbers must increase.
public enum TraceReader {
    public static func read(contentsOf url: URL) throws -> Trace {
        let data: Data
        do {
            data = try FileContents.read(url, limit: FileContents.traceLimit)
        } catch {
            throw TraceError(file: url.path, problem: .unreadable(error.description))
        }
        return try parse(data, file: url.path)
    }

    public static func parse(_ data: Data, file: String) throws -> Trace {
        let endsWithNewline = data.last == 0x0A
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if endsWithNewline { lines.removeLast() }

        var header: TraceHeader?
        var events: [MASEventEnvelope] = []
        var lastSequence: [String: Int] = [:]
        var droppedTruncatedLine = false

        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let isUnterminated = index == lines.count - 1 && !endsWithNewline
            let line = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }

            if header == nil {
                if isUnterminated { break }
                header = try decodeHeader(Data(line), file: file)
                continue
            }
            let envelope: MASEventEnvelope
            do {
                envelope = try TraceCoding.decode(MASEventEnvelope.self, from: Data(line))
            } catch {
                if isUnterminated {
                    droppedTruncatedLine = true
                    break
                }
                throw TraceError(file: file, problem: .badLine(line: number, reason: TraceCoding.reason(error)))
            }
            if let previous = lastSequence[envelope.runID], envelope.sequence <= previous {
                throw TraceError(file: file, problem: .sequenceOutOfOrder(
                    line: number, sequence: envelope.sequence, previous: previous))
            }
            lastSequence[envelope.runID] = envelope.sequence
            events.append(envelope)
        }
        guard let header else { throw TraceError(file: file, problem: .noHeader) }
        return Trace(header: header, events: events, droppedTruncatedLine: droppedTruncatedLine)
    }

    private static func decodeHeader(_ line: Data, file: String) throws -> TraceHeader {
        let header: TraceHeader
        do {
            header = try TraceCoding.decode(TraceHeader.self, from: line)
        } catch {
            throw TraceError(file: file, problem: .badHeader(TraceCoding.reason(error)))
        }
        guard header.format == TraceHeader.formatName else {
            throw TraceError(file: file, problem: .badHeader("format is \"\(header.format)\""))
        }
        guard header.schemaVersion <= TraceHeader.currentSchemaVersion else {
            throw TraceError(file: file, problem: .unsupportedSchema(
                found: header.schemaVersion, supported: TraceHeader.currentSchemaVersion))
        }
        return header
    }
}
