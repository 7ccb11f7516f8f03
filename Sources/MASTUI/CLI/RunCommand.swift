import ArgumentParser
import Foundation
import MASKit

/// How headless commands print events.
enum EventFormat: String, EnumerableFlag {
    /// Agent-prefixed tokens, one line per other event, a hop table per round.
    case plain
    /// One JSON event per line, in the trace dialect.
    case json
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a style on a question without the terminal UI, streaming its events to stdout.")

    @Option(help: ArgumentHelp("A built-in style name (tiny_sequential, …) or a .toml style file.", valueName: "name"))
    var style: String

    @Option(name: [.customShort("q"), .long], help: "The question.")
    var question: String

    @OptionGroup var overrides: RunOverrides

    @Flag(help: "Output format (default: plain).")
    var format: EventFormat = .plain

    @Option(help: ArgumentHelp("Also record the run as a JSON-lines trace.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Pause at each round or stage boundary and wait for Enter.", valueName: "round|stage"))
    var step: StepMode?

    @OptionGroup var checkpoints: CheckpointsOption

    @Option(help: ArgumentHelp("Directory of .txt/.md files for offline search (default: the style's, else the shipped corpus).",
                               valueName: "dir"))
    var corpus: String?

    @Flag(help: "Report the receiver-vocabulary tokens nearest to each latent of every hop.")
    var peek = false

    @Option(help: ArgumentHelp("Run the question once per method, with the same seed, and compare them (e.g. latent,text,single).",
                               valueName: "methods"),
            transform: RunCommand.methods)
    var compare: [RunMethod]?

    func validate() throws {
        if compare != nil, overrides.method != nil { throw ValidationError("give either --method or --compare, not both") }
    }

    func run() async throws {
        let system: LoadedSystem
        let recorder: TraceWriter?
        var options = overrides.options(stepMode: step ?? .continuous)
        do {
            let file = try StyleCatalog().file(for: style)
            system = try checkpoints.loader.load(try Style(contentsOf: file))
            options.peekTokens = peek ? RunOverrides.peekTokens : 0
            options.corpusDirectory = corpus.map { ($0 as NSString).expandingTildeInPath }
            recorder = try record.map { try TraceWriter(url: URL(fileURLWithPath: $0)) }
        } catch {
            Console.error(error)
            throw ExitCode.failure
        }
        var output = EventOutput(format: format)
        var summaries: [RunSummary] = []
        var outcome = RunOutcome.failed("no run")
        for method in compare ?? [options.method ?? system.style.method] {
            options.method = method
            let runner: Runner
            do {
                runner = try Runner(system: system, question: question, options: options)
            } catch {
                Console.error(error)
                throw ExitCode.failure
            }
            async let finished = runner.run()
            var summary = RunSummary()
            for await envelope in runner.events {
                try recorder?.write(envelope)
                output.write(envelope)
                summary.add(envelope.event)
                if case let .paused(at) = envelope.event { runner.send(Self.askAtPause(at)) }
            }
            output.finish()
            outcome = await finished
            summaries.append(summary)
            if outcome == .cancelled { break }
        }
        try recorder?.close()
        if compare != nil { output.write(MethodComparison(runs: summaries)) }
        switch outcome {
        case .finished: return
        case .cancelled: throw ExitCode(130)
        case .failed: throw ExitCode.failure
        }
    }

    /// `latent,text,single`: methods once each, in the order given.
    static func methods(_ text: String) throws -> [RunMethod] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let methods = try names.map { name in
            guard let method = RunMethod(rawValue: name) else {
                throw ValidationError("--compare: \"\(name)\" is not one of \(RunMethod.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return method
        }
        guard methods.count >= 2, Set(methods).count == methods.count else {
            throw ValidationError("--compare needs two or more different methods, such as latent,text,single")
        }
        return methods
    }

    /// Reads the user's choice at a pause: Enter steps, c continues, q cancels (end of input continues).
    private static func askAtPause(_ point: PausePoint) -> RunnerCommand {
        let place = point.agent.map { "\($0) (round \(point.round))" } ?? "round \(point.round)"
        FileHandle.standardError.write(Data("paused before \(place): Enter = step, c = continue, q = cancel\n".utf8))
        guard let line = readLine() else { return .continue }
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "c": return .continue
        case "q": return .cancel
        default: return .step
        }
    }
}

extension StepMode: ExpressibleByArgument {}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Print a recorded JSON-lines trace as a run would have printed it.")

    @Argument(help: "The trace file.")
    var file: String

    @Option(help: "Replay speed factor: 1 keeps the recorded pace; 0 (default) prints at once.")
    var speed: Double = 0

    @Flag(help: "Output format (default: plain).")
    var format: EventFormat = .plain

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more") }
    }

    func run() async throws {
        let trace: Trace
        do {
            trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: file))
        } catch {
            Console.error(error)
            throw ExitCode.failure
        }
        var output = EventOutput(format: format)
        let player = ReplayPlayer(trace: trace, speed: speed, stepMode: .continuous)
        async let played = player.play()
        for await envelope in player.events { output.write(envelope) }
        output.finish()
        _ = await played
        if trace.droppedTruncatedLine {
            Console.warning("\(file): the last line was cut off and was left out")
        }
    }
}

/// Writes events to stdout in the chosen format.
struct EventOutput {
    let format: EventFormat
    private var transcript = RunTranscript()

    init(format: EventFormat) {
        self.format = format
    }

    mutating func write(_ envelope: MASEventEnvelope) {
        switch format {
        case .plain:
            Console.out(transcript.text(for: envelope))
        case .json:
            // Every event decodes from the engine's own types, so encoding cannot fail; skip it if it does.
            if let line = try? TraceCoding.encodeLine(envelope) { FileHandle.standardOutput.write(line) }
        }
    }

    mutating func finish() {
        if format == .plain { Console.out(transcript.finish()) }
    }

    /// The comparison after the runs: a table, or one JSON line `{"type":"comparison",…}` after the events.
    func write(_ comparison: MethodComparison) {
        switch format {
        case .plain:
            Console.out(ComparisonTable(comparison).text)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            guard let data = try? encoder.encode(TypedComparison(comparison: comparison)) else { return }
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
    }

    private struct TypedComparison: Encodable {
        let type = "comparison"
        let comparison: MethodComparison
    }
}
