import Foundation
import MASKit
import Testing

/// The python tool against real python3 and bubblewrap. Calls that must not time out get a
/// generous limit (a loaded machine starts Python slowly); the timeout tests use 1 s.
@Suite struct PythonToolTests {
    private static let sandboxed = PythonToolSettings(timeout: 30)
    private static let unsandboxed = PythonToolSettings(isolation: .none, timeout: 30)

    /// The tool, after it has found its interpreter and checked bubblewrap (so timings below
    /// measure the call alone); fails unless it is isolated exactly when `isolated` says.
    static func ready(_ settings: PythonToolSettings, isolated: Bool) async throws -> PythonTool {
        let tool = PythonTool(settings: settings)
        let status = await tool.status()
        try #require(status.interpreter != nil, "python3 is missing: \(status.note ?? "")")
        try #require(status.isolated == isolated, "isolation: \(status.note ?? "on")")
        return tool
    }

    private func seconds(_ work: () async -> ToolOutcome) async -> (ToolOutcome, Double) {
        let start = ContinuousClock.now
        let outcome = await work()
        let elapsed = ContinuousClock.now - start
        return (outcome, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// Output format (stdout, [stderr], [exit_code], [no output]) as the reference's tool prints it
    /// for the same snippets, capped as the session caps it.
    @Test func formatsResultsLikeTheReference() async throws {
        let tool = try await Self.ready(Self.sandboxed, isolated: true)
        let cases = try ToolFixture.load().python
        let outputs = await withTaskGroup(of: (Int, String).self) { group in
            for (index, testCase) in cases.enumerated() {
                group.addTask {
                    let outcome = await tool.run(testCase.code)
                    return (index, ToolResultText.capped(outcome.output, maxCharacters: 6_000))
                }
            }
            return await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }
        for (index, testCase) in cases.enumerated() {
            #expect(outputs[index] == testCase.expected, "\(testCase.code)")
        }
    }

    @Test func runsTheCodeAndReportsStatus() async throws {
        let tool = try await Self.ready(Self.sandboxed, isolated: true)
        #expect(await tool.run("print(17+5)") == ToolOutcome(status: .ok, output: "22"))
        let failed = await tool.run("raise ValueError('bad input')")
        #expect(failed.status == .error)
        #expect(failed.output.hasPrefix("[stderr]\nTraceback"))
        #expect(failed.output.contains("File \"/tmp/main.py\", line 11"), "user code starts on line 11, as in the reference")
        #expect(failed.output.hasSuffix("ValueError: bad input\n[exit_code] 1"))
        let symbolic = await tool.run("x = sp.symbols('x'); print(sp.factor(x**2 - 1))")
        #expect(symbolic == ToolOutcome(status: .ok, output: "(x - 1)*(x + 1)"))
    }

    @Test(arguments: [false, true])
    func killsAnInfiniteLoopWithinTheTimeout(isolated: Bool) async throws {
        var settings = isolated ? Self.sandboxed : Self.unsandboxed
        settings.timeout = 1
        let tool = try await Self.ready(settings, isolated: isolated)
        let (outcome, elapsed) = await seconds { await tool.run("while True:\n    pass") }
        #expect(outcome.status == .timeout)
        #expect(outcome.output.hasSuffix("[timeout] Python tool exceeded 1.0 seconds."))
        #expect(elapsed < 3, "took \(elapsed) s")
    }

    /// Without the sandbox, the whole process group dies at the timeout, children included.
    @Test func killsTheWholeProcessGroup() async throws {
        var settings = Self.unsandboxed
        settings.timeout = 1.5
        let tool = try await Self.ready(settings, isolated: false)
        let marker = "mastui-group-test-\(UUID().uuidString)"
        let code = """
            import subprocess, sys, time
            subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "\(marker)"])
            time.sleep(60)
            """
        let outcome = await tool.run(code)
        #expect(outcome.status == .timeout)
        #expect(processes(containing: marker).isEmpty)
    }

    @Test func stopsWhenTheTaskIsCancelled() async throws {
        let tool = try await Self.ready(Self.sandboxed, isolated: true)
        let task = Task { await tool.run("while True:\n    pass") }
        try await Task.sleep(for: .milliseconds(500))
        task.cancel()
        let (outcome, elapsed) = await seconds { await task.value }
        #expect(outcome.status == .cancelled)
        #expect(elapsed < 2, "took \(elapsed) s after cancelling")
    }

    @Test func containsAForkBomb() async throws {
        var settings = Self.sandboxed
        settings.timeout = 2
        let tool = try await Self.ready(settings, isolated: true)
        let marker = "mastui-fork-bomb-\(UUID().uuidString)"
        let (outcome, elapsed) = await seconds {
            await tool.run("import os, sys\nsys.argv.append('\(marker)')\nwhile True:\n    os.fork()")
        }
        #expect(outcome.status == .error)
        #expect(outcome.output.contains("PermissionError: [Errno 1] Operation not permitted"))
        #expect(elapsed < 4, "took \(elapsed) s")
        #expect(processes(containing: marker).isEmpty)
        let threads = await tool.run("import threading\nt = threading.Thread(target=print, args=('threads still work',))\nt.start(); t.join()")
        #expect(threads == ToolOutcome(status: .ok, output: "threads still work"))
    }

    @Test(arguments: [false, true])
    func containsATenGigabyteAllocation(isolated: Bool) async throws {
        let tool = try await Self.ready(isolated ? Self.sandboxed : Self.unsandboxed, isolated: isolated)
        let (outcome, elapsed) = await seconds { await tool.run("block = bytearray(10 * 1024**3)\nprint(len(block))") }
        #expect(outcome.status == .error)
        #expect(outcome.output.hasSuffix("MemoryError\n[exit_code] 1"))
        #expect(elapsed < 10, "took \(elapsed) s")
    }

    @Test func cannotWriteOutsideItsDirectory() async throws {
        let tool = try await Self.ready(Self.sandboxed, isolated: true)
        let name = "mastui-escape-\(UUID().uuidString)"
        let targets = [FileManager.default.currentDirectoryPath, NSHomeDirectory(), "/etc", "/var/tmp", "/dev/shm"]
            .map { "\($0)/\(name)" }
        let code = """
            for path in \(pythonList(targets)):
                try:
                    open(path, "w").write("escaped")
                    print("WROTE", path)
                except OSError as error:
                    print("refused", error.strerror)
            open("inside.txt", "w").write("ok")
            print("inside", open("inside.txt").read())
            """
        let outcome = await tool.run(code)
        #expect(outcome.status == .ok)
        #expect(!outcome.output.contains("WROTE"))
        // Every write fails (read-only bind, or a path that does not exist in the sandbox's own /tmp when the
        // checkout lives under /tmp); nothing lands outside, as checked below.
        #expect(outcome.output.components(separatedBy: "\nrefused ").count + (outcome.output.hasPrefix("refused ") ? 1 : 0)
                == targets.count + 1, "\(outcome.output)")
        #expect(outcome.output.hasSuffix("inside ok"))
        for target in targets {
            #expect(!FileManager.default.fileExists(atPath: target), "\(target)")
        }
    }

    @Test func cannotReachTheNetwork() async throws {
        let tool = try await Self.ready(Self.sandboxed, isolated: true)
        let server = try OneShotHTTPServer(body: "reachable")
        let code = """
            import socket
            try:
                socket.create_connection(("127.0.0.1", \(server.port)), timeout=2).sendall(b"GET / HTTP/1.0\\r\\n\\r\\n")
                print("CONNECTED")
            except OSError as error:
                print(type(error).__name__)
            """
        let outcome = await tool.run(code)
        #expect(outcome == ToolOutcome(status: .ok, output: "ConnectionRefusedError"))
        #expect(server.requestsReceived.isEmpty)
    }

    @Test func seesNoneOfTheUsersEnvironment() async throws {
        let tool = try await Self.ready(Self.sandboxed, isolated: true)
        let name = "MASTUI_TEST_VARIABLE_\(UUID().uuidString.prefix(8))"
        setenv(name, "visible", 1)
        defer { unsetenv(name) }
        let outcome = await tool.run("import os\nprint(sorted(os.environ))\nprint(os.environ['HOME'])")
        #expect(outcome.status == .ok)
        #expect(!outcome.output.contains(name))
        #expect(outcome.output.hasSuffix("\n/tmp"))
    }

    @Test func capsOutput() async throws {
        var settings = Self.sandboxed
        settings.outputCapBytes = 1_000
        let tool = try await Self.ready(settings, isolated: true)
        let outcome = await tool.run("import sys\nsys.stdout.write('x' * 5000)")
        #expect(outcome.status == .ok)
        #expect(outcome.output == String(repeating: "x", count: 1_000) + "\n... [stdout cut: 4000 more bytes]")
    }

    @Test func saysInEveryResultWhenNotIsolated() async throws {
        var settings = Self.sandboxed
        settings.bubblewrap = "/nonexistent/bwrap"
        let tool = PythonTool(settings: settings)
        let status = await tool.status()
        #expect(status.isolated == false)
        for code in ["print(1)", "print(2)"] {
            let outcome = await tool.run(code)
            #expect(outcome.status == .ok)
            #expect(outcome.output.hasPrefix("[sandbox] not isolated (/nonexistent/bwrap is not installed): "
                                             + "the file system and network are reachable"))
        }
    }

    @Test(arguments: ["/nonexistent/python3", "mastui-no-such-python"])
    func reportsAMissingInterpreter(interpreter: String) async {
        let tool = PythonTool(settings: PythonToolSettings(interpreter: interpreter))
        let outcome = await tool.run("print(1)")
        #expect(outcome.status == .error)
        #expect(outcome.output.hasPrefix("[python error] \(interpreter) was not found"))
        #expect(outcome.output.hasSuffix("install Python 3 to use the python tool."))
    }

    private func pythonList(_ strings: [String]) -> String {
        "[" + strings.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }

    /// Processes whose command line contains `marker`.
    private func processes(containing marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).contains(marker)
        }
    }
}
