import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MASKit
import Testing

/// Drives the real `mastui` binary in a real terminal (tmux): a live tiny run typed, stepped and
/// finished, the tool list, a resize and quit, checking the screen at each step and that the
/// terminal is given back; then a replay whose tool call is opened in the inspector.
@Suite(.serialized) struct TmuxEndToEndTests {
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let binary = [".build/release/mastui", ".build/debug/mastui"]
        .map { UITestSupport.root.appendingPathComponent($0).path }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let modelsInstalled = ModelDirectory.Default.allCases.allSatisfy {
        FileManager.default.fileExists(atPath: ModelDirectory().path(of: $0).path)
    }

    /// One tmux server of our own (its own socket), holding one session.
    final class Terminal {
        let socket = "mastui-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"

        init(width: Int, height: Int, command: String) throws {
            // The server this starts keeps its stdout: give it none, or reading it never ends.
            try tmux(["new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)", "-c", UITestSupport.root.path, command])
            // The pane stays on screen after the command ends, so its last words can be read.
            try tmux(["set-option", "-w", "-t", "e2e", "remain-on-exit", "on"])
        }

        func shutDown() { _ = try? tmux(["kill-server"]) }

        /// Runs tmux on our socket and returns what it printed. Spawned and reaped directly: the
        /// server `new-session` leaves behind gets no stdout, or reading it would never end.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let argv = [TmuxEndToEndTests.tmux ?? "tmux", "-L", socket, "-f", "/dev/null"] + arguments
            var pipe: [Int32] = [0, 0]
            guard Glibc.pipe(&pipe) == 0 else { throw POSIXError(.EIO) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            if arguments.first == "new-session" {
                posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            } else {
                posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
            }
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addclose(&actions, pipe[0])
            posix_spawn_file_actions_addclose(&actions, pipe[1])
            // The test runner's threads block or ignore signals; tmux must get the defaults, or its
            // server never reaps its panes and never exits.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var noSignals = sigset_t(), allSignals = sigset_t()
            sigemptyset(&noSignals)
            sigfillset(&allSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            posix_spawnattr_setsigdefault(&attributes, &allSignals)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            let cArguments = argv.map { strdup($0) } + [nil]
            defer { cArguments.forEach { free($0) } }
            let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArguments, environ)
            close(pipe[1])
            defer { close(pipe[0]) }
            guard spawned == 0 else { throw POSIXError(.ENOENT) }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(pipe[0], $0.baseAddress, $0.count) }
                if count <= 0 { break }
                data.append(contentsOf: buffer[0..<count])
            }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            return String(decoding: data, as: UTF8.self)
        }

        func screen() throws -> [String] {
            var rows = try tmux(["capture-pane", "-p", "-t", "e2e"]).split(separator: "\n", omittingEmptySubsequences: false)
            if rows.last?.isEmpty == true { rows.removeLast() }
            return rows.map(String.init)
        }

        func keys(_ keys: String..., literal: Bool = false) throws {
            try tmux(["send-keys", "-t", "e2e"] + (literal ? ["-l"] : []) + keys)
        }

        /// Waits until the screen shows `text`; returns the screen.
        @discardableResult
        func wait(for text: String, seconds: Double = 20) throws -> [String] {
            let deadline = Date().addingTimeInterval(seconds)
            while true {
                let rows = try screen()
                if rows.contains(where: { $0.contains(text) }) { return rows }
                if Date() > deadline {
                    Issue.record(Comment(rawValue: "waited \(seconds) s for \"\(text)\"; the screen:\n\(rows.joined(separator: "\n"))"))
                    throw CancellationError()
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }

        func format(_ variable: String) throws -> String {
            try tmux(["display-message", "-p", "-t", "e2e", "#{\(variable)}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed (scripts/setup installs it)"),
          .enabled(if: binary != nil, "build mastui first (swift build -c release)"),
          .enabled(if: modelsInstalled, "the default models are not installed (scripts/setup)"))
    func liveRunTypedSteppedResizedAndQuit() throws {
        let binary = try #require(Self.binary)
        let terminal = try Terminal(width: 120, height: 40, command:
            "\(binary) tui --rounds 3 --latent-steps 2 --max-new-tokens 8; echo MASTUI-EXIT=$?; echo TTY: $(stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$')")
        defer { terminal.shutDown() }
        try terminal.wait(for: "No run yet.")
        #expect(try terminal.format("alternate_on") == "1")

        try terminal.keys("/")
        try terminal.keys("What is 2 + 3?", literal: true)
        try terminal.wait(for: "❯ What is 2 + 3?")
        try terminal.keys("Enter")
        try terminal.wait(for: "Q What is 2 + 3?")
        var rows = try terminal.wait(for: "paused before round 2", seconds: 180)
        #expect(rows.filter { $0.contains(" r1 ") }.count == 3, "\(rows.joined(separator: "\n"))")
        #expect(rows.last?.contains("PAUSED before round 2") == true)

        try terminal.keys("n")
        rows = try terminal.wait(for: "paused before round 3", seconds: 120)
        #expect(rows.filter { $0.contains(" r2 ") }.count == 3)
        try terminal.keys("Space")
        rows = try terminal.wait(for: "round 3/3 │ finished", seconds: 120)
        #expect(rows.contains { $0.contains("3 solver · done") })

        try terminal.keys("t")
        try terminal.wait(for: "No tool calls in this run yet.")
        try terminal.keys("Escape")

        try terminal.tmux(["resize-window", "-t", "e2e", "-x", "80", "-y", "24"])
        rows = try terminal.wait(for: "3 solver · done")
        #expect(rows.count >= 24 && rows.allSatisfy { $0.count <= 80 })
        #expect(rows.contains { $0.hasPrefix("┌─ 1 planner") })

        try terminal.keys("q")
        // The shell prints the exit status and the terminal modes once mastui has exited.
        rows = try terminal.wait(for: "TTY:")
        #expect(rows.contains { $0.contains("MASTUI-EXIT=0") })
        #expect(try terminal.format("alternate_on") == "0")
        #expect(rows.contains { $0 == "TTY: icanon echo" }, "\(rows.joined(separator: "\n"))")
    }

    @Test(.enabled(if: tmux != nil, "tmux is not installed (scripts/setup installs it)"),
          .enabled(if: binary != nil, "build mastui first (swift build -c release)"))
    func replayedToolCallOpensInTheInspector() throws {
        let binary = try #require(Self.binary)
        let terminal = try Terminal(width: 100, height: 30, command:
            "\(binary) tui --replay Tests/Fixtures/traces/demo_tools.jsonl --speed 0; echo MASTUI-EXIT=$?")
        defer { terminal.shutDown() }
        try terminal.wait(for: "answer: 408")
        try terminal.keys("t")
        try terminal.wait(for: "print(1 / 0)")
        try terminal.keys("Enter")
        let rows = try terminal.wait(for: "tool call 3/3 · python")
        #expect(rows.contains { $0.contains("status error") })
        #expect(rows.contains { $0.contains("ZeroDivisionError: division by zero") })
        try terminal.keys("Escape")
        try terminal.keys("Escape")
        try terminal.keys("q")
        try terminal.wait(for: "MASTUI-EXIT=0")
        #expect(try terminal.format("alternate_on") == "0")
    }
}
