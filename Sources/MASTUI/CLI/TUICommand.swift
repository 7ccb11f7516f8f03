import ArgumentParser
import Foundation
import MASKit

struct TUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the terminal UI (what `mastui` does with no arguments).")

    @Option(help: ArgumentHelp("Replay a recorded JSON-lines trace instead of running models.", valueName: "file"))
    var replay: String?

    @Option(help: "Replay speed factor: 2 plays twice as fast; 0 replays as fast as possible (> and < change it).")
    var speed: Double = 1

    @Option(help: ArgumentHelp("The style questions run with: a built-in name or a .toml file (s picks another).",
                               valueName: "name"))
    var style = "tiny_sequential"

    @Option(help: ArgumentHelp("Where runs pause: before each round, each stage, or never (m changes it).",
                               valueName: "round|stage|continuous"))
    var step: StepMode = .round

    @OptionGroup(title: "Live runs") var overrides: RunOverrides

    @OptionGroup(title: "Live runs") var checkpoints: CheckpointsOption

    @Option(help: ArgumentHelp("Theme name (see --list-themes) or path to a .theme file.", valueName: "name"))
    var theme: String?

    @Flag(help: "No colours; also when NO_COLOR is set or TERM is dumb.")
    var noColor = false

    @Flag(help: "Leave the mouse to the terminal (keeps its text selection).")
    var noMouse = false

    @Flag(help: "Draw with ASCII characters only (automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(help: "List the themes found, then exit.")
    var listThemes = false

    @Option(help: ArgumentHelp("Exit after drawing this many frames (for scripted runs).", visibility: .hidden))
    var maxFrames: Int?

    func validate() throws {
        guard speed >= 0, speed.isFinite else { throw ValidationError("--speed must be 0 or more") }
    }

    func run() async throws {
        var catalog = ThemeCatalog.load(from: ThemeCatalog.searchDirectories())
        let themeIndex = catalog.select(theme)
        if listThemes {
            for (index, theme) in catalog.themes.enumerated() {
                print(theme.name + (index == 0 ? " (default)" : ""))
            }
            printWarnings(catalog.warnings)
            return
        }
        let trace = try replay.map { try TraceReader.read(contentsOf: URL(fileURLWithPath: $0)) }
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            try printPlain(trace)
            return
        }

        let inbox = EventInbox()
        let environment = ProcessInfo.processInfo.environment
        let catalogOfStyles = StyleCatalog()
        let loader = checkpoints.loader
        let engine: Engine
        if let trace {
            let replay = ReplaySession(trace: trace, speed: speed, stepMode: step, inbox: inbox)
            engine = Engine(perform: replay.perform, cancel: replay.cancel, task: Task { await replay.play() })
        } else {
            var options = overrides.options()
            options.peekTokens = RunOverrides.peekTokens
            let live = LiveSession(inbox: inbox, catalog: catalogOfStyles, loader: loader, options: options)
            engine = Engine(perform: live.perform, cancel: live.cancel, task: nil)
        }
        let settings = UISettings(
            themes: catalog.themes, themeIndex: themeIndex,
            mono: noColor || !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb",
            mouse: !noMouse, ascii: ascii, maxFrames: maxFrames,
            sourceLabel: replay.map { "replay " + URL(fileURLWithPath: $0).lastPathComponent },
            replaySpeed: trace == nil ? nil : speed, style: style, stepMode: step,
            styles: StyleChoice.discover(in: catalogOfStyles, builtIns: StyleCatalog(environment: [:]), loader: loader))
        let outcome = try await Self.runOnUIThread(settings, inbox: inbox, engine: engine)
        engine.cancel()
        engine.task?.cancel()

        if !outcome.capturedStderr.isEmpty { FileHandle.standardError.write(Data(outcome.capturedStderr.utf8)) }
        printWarnings(catalog.warnings)
        if let signal = outcome.signal { throw ExitCode(128 + signal) }
        // After whatever curses left in stdio buffers (leaving the alternate screen), so the line stays visible.
        fflush(nil)
        Console.line(outcome.summary)
        if trace?.droppedTruncatedLine == true {
            printWarnings(["\(replay ?? ""): the last line was cut off and was left out"])
        }
    }

    /// What the UI thread needs; all values, so it can cross to that thread.
    struct UISettings: Sendable {
        var themes: [Theme]
        var themeIndex: Int
        var mono: Bool
        var mouse: Bool
        var ascii: Bool
        var maxFrames: Int?
        var sourceLabel: String?
        var replaySpeed: Double?
        var style: String
        var stepMode: StepMode
        var styles: [StyleChoice]
    }

    /// The session the UI drives: a replay or live runs.
    struct Engine: Sendable {
        var perform: @Sendable (EngineRequest) -> String?
        var cancel: @Sendable () -> Void
        var task: Task<Void, Never>?
    }

    struct UIOutcome: Sendable {
        var summary: String
        var capturedStderr: String
        var signal: Int32?
    }

    /// Curses lives on one dedicated thread for the whole session, so the loop's blocking reads
    /// never hold a thread of the cooperative pool that the engine and the replay run on.
    private static func runOnUIThread(_ settings: UISettings, inbox: EventInbox, engine: Engine) async throws -> UIOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                // Names the OS thread (Thread.name does not on Linux), so tools like top show it.
                try? "mastui-ui".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
                continuation.resume(with: Result { try runUI(settings, inbox: inbox, engine: engine) })
            }
            thread.name = "mastui-ui"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    private static func runUI(_ settings: UISettings, inbox: EventInbox, engine: Engine) throws -> UIOutcome {
        TerminalGuard.install()
        let backend = try NcursesBackend(
            theme: settings.themes[settings.themeIndex],
            options: .init(colorDepth: settings.mono ? .mono : nil, mouse: settings.mouse))
        let glyphs: Glyphs = settings.ascii || !backend.isUTF8 ? .ascii : .unicode
        var state = AppState(size: backend.size, themeIndex: settings.themeIndex, sourceLabel: settings.sourceLabel)
        state.styleName = settings.style
        state.stepMode = settings.stepMode
        state.styles = settings.styles
        state.replaySpeed = settings.replaySpeed
        state.engineBusy = settings.replaySpeed != nil
        let runtime = AppRuntime(state: state, backend: backend, themes: settings.themes, glyphs: glyphs, inbox: inbox,
                                 perform: engine.perform)
        runtime.run(maxFrames: settings.maxFrames)
        return UIOutcome(summary: summary(of: runtime.state), capturedStderr: backend.capturedStderr,
                         signal: TerminalGuard.terminationRequested)
    }

    /// The one line printed after the screen is given back.
    static func summary(of state: AppState) -> String {
        guard let run = state.run else { return "mastui: no run" }
        var parts = ["mastui: \(run.style)", "round \(run.round)/\(run.rounds)"]
        if let answer = run.answer { parts.append("answer: " + oneLine(answer.extracted ?? answer.text, limit: 80)) }
        if let finished = run.finished {
            parts.append(String(format: "finished in %.1f s", finished.seconds))
        } else {
            parts.append("not finished")
        }
        if let error = run.lastError { parts.append("error: " + error) }
        if !run.warnings.isEmpty { parts.append("\(run.warnings.count) warning\(run.warnings.count == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }

    /// Model text as one printable line: control characters (line breaks, escapes) become spaces, long text is cut.
    static func oneLine(_ text: String, limit: Int) -> String {
        let flat = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        })).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return TextWidth.truncate(flat, to: limit)
    }

    private func printPlain(_ trace: Trace?) throws {
        guard let trace else {
            throw ValidationError("not a terminal: give --replay FILE to print a trace as text")
        }
        var transcript = RunTranscript()
        for envelope in trace.events {
            Console.out(transcript.text(for: envelope))
        }
        Console.out(transcript.finish())
    }

    private func printWarnings(_ warnings: [String]) {
        for warning in warnings {
            Console.warning(warning)
        }
    }
}
