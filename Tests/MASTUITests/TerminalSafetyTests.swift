import Foundation
import Testing

/// Text from traces and files reaches the terminal with its control characters escaped: a trace must not be
/// able to retitle or reprogram the terminal it is replayed on, nor freeze the replay with a clock jump.
@Suite struct TerminalSafetyTests {
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[2J"

    static func trace(editing edit: (inout [String]) -> Void) throws -> URL {
        let source = UITestSupport.fixture("traces/demo_sequential.jsonl")
        var lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n").map(String.init)
        edit(&lines)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func replayEscapesControlCharactersOfModelText() throws {
        let url = try Self.trace { lines in
            let index = lines.firstIndex { $0.contains(#""type": "token""#) }!
            lines[index] = lines[index].replacingOccurrences(of: #""text": "17""#, with: #""text": "\u001b]0;pwned\u0007\u001b[2J""#)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try MastuiCommand.run(["replay", url.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(!result.output.contains(0x1B) && !result.output.contains(0x07))
        #expect(String(decoding: result.output, as: UTF8.self).contains(#"\u{1B}]0;pwned\u{07}\u{1B}[2J"#))
    }

    @Test func aClockJumpInATraceDoesNotFreezeTheReplay() throws {
        let url = try Self.trace { lines in
            let index = lines.lastIndex { $0.contains(#""type": "token""#) }!
            lines[index...] = lines[index...].map { line in
                line.replacingOccurrences(of: #""time": 17672256"#, with: #""time": 27672256"#)
            }[...]
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let start = Date()
        let result = try MastuiCommand.run(["replay", url.path, "--speed", "1000"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(Date().timeIntervalSince(start) < 30)
    }
}
