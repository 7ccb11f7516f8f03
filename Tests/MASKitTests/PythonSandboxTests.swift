import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MASKit
import Synchronization
import Testing

/// What the python sandbox shows of the host, as whom the code runs, and what is left after a
/// call, against real python3 and bubblewrap. The same probes without the sandbox are the
/// controls: they must see what the sandbox hides, or the probe itself would be broken.
@Suite struct PythonToolSandboxTests {
    private static let sandboxed = PythonToolSettings(timeout: 30)
    private static let unsandboxed = PythonToolSettings(isolation: .none, timeout: 30)

    /// Runs `code`, which prints one JSON value, and decodes it.
    private func json<Value: Decodable>(_ tool: PythonTool, _ code: String, as type: Value.Type) async throws -> Value {
        let outcome = await tool.run(code)
        try #require(outcome.status == .ok, "\(outcome.output)")
        let line = try #require(outcome.output.split(separator: "\n").last, "\(outcome.output)")
        return try JSONDecoder().decode(Value.self, from: Data(line.utf8))
    }

    /// The host's secrets, other trees and models are not there; a directory on the way to the
    /// interpreter (pyenv's under /root) lists that way only; /etc holds the linker cache and time zone.
    @Test(arguments: [false, true])
    func showsNothingOfTheHostButTheInterpreter(isolated: Bool) async throws {
        let tool = try await PythonToolTests.ready(isolated ? Self.sandboxed : Self.unsandboxed, isolated: isolated)
        let secret = "mastui-secret-\(UUID().uuidString)"
        let secretFile = "/var/tmp/\(secret)"
        try secret.write(toFile: secretFile, atomically: false, encoding: .utf8)
        defer { unlink(secretFile) }
        let models = ModelDirectory()
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
        let files = ["/etc/shadow", secretFile, models.path(of: .smolLM2).path]
        let directories = ["/root", "/home", "/var", "/var/tmp", "/run", "/mnt", "/srv", "/opt", models.url.path,
                           NSHomeDirectory() + "/.cache", sourceTree, FileManager.default.currentDirectoryPath]
        let code = """
            import json, os, sys
            def look(path):
                try:
                    if os.path.isdir(path):
                        return sorted(os.listdir(path))
                    with open(path, "rb") as file:
                        return [file.read(64).decode("utf-8", "replace")]
                except OSError:
                    return None
            paths = \(pythonList(files + directories + ["/etc"]))
            print(json.dumps({"interpreter": [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.executable, *sys.path],
                              "seen": {path: look(path) for path in paths}}))
            """
        struct Probe: Decodable {
            let interpreter: [String]
            let seen: [String: [String]?]
        }
        let probe = try await json(tool, code, as: Probe.self)
        let seen = probe.seen
        guard isolated else {
            #expect(seen[secretFile] == [secret])
            #expect(seen[sourceTree]??.contains(URL(fileURLWithPath: #filePath).lastPathComponent) == true)
            return
        }
        for path in files {
            #expect(seen[path] == .some(nil), "\(path) is readable: \(String(describing: seen[path]))")
        }
        for path in directories {
            // The entries of `path` that lead to the interpreter, the only ones it may show.
            let onTheWay = Set(probe.interpreter.compactMap { interpreterPath -> String? in
                guard interpreterPath.hasPrefix(path + "/") else { return nil }
                return interpreterPath.dropFirst(path.count + 1).split(separator: "/").first.map(String.init)
            })
            let listed = try #require(seen[path], "\(path) not probed")
            #expect(listed == nil || (!onTheWay.isEmpty && Set(listed!).isSubset(of: onTheWay)),
                    "\(path) lists \(listed ?? [])")
        }
        #expect(Set(try #require(seen["/etc"] ?? nil)).isSubset(of: ["ld.so.cache", "localtime"]))
    }

    /// Unix sockets of the host, on the file system (under /var/tmp and the temporary directory)
    /// and in the abstract namespace, cannot be reached; without the sandbox each answers.
    @Test(arguments: [false, true])
    func cannotTalkToAHostUnixSocket(isolated: Bool) async throws {
        let tool = try await PythonToolTests.ready(isolated ? Self.sandboxed : Self.unsandboxed, isolated: isolated)
        let name = "mastui-\(UUID().uuidString.prefix(8))"
        let servers = try [UnixSocketServer(path: "/var/tmp/\(name).sock"),
                           UnixSocketServer(path: FileManager.default.temporaryDirectory.path + "/\(name).sock"),
                           UnixSocketServer(abstractName: name)]
        defer { servers.forEach { $0.stop() } }
        let code = """
            import json, socket
            def talk(address):
                try:
                    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                        connection.settimeout(2)
                        connection.connect(address)
                        connection.sendall(b"ping")
                        return connection.recv(16).decode()
                except OSError as error:
                    return type(error).__name__
            print(json.dumps([talk(address) for address in \(pythonList(servers.map(\.pythonAddress)))]))
            """
        let answers = try await json(tool, code, as: [String].self)
        if isolated {
            #expect(!answers.contains("pong"), "\(answers)")
            #expect(servers.map(\.exchanges) == [0, 0, 0])
        } else {
            #expect(answers == ["pong", "pong", "pong"])
            #expect(servers.map(\.exchanges) == [1, 1, 1])
        }
    }

    /// Inside the sandbox the code has no uid, gid or group 0 and no capabilities at all.
    @Test func runsAsAnUnprivilegedUser() async throws {
        let tool = try await PythonToolTests.ready(Self.sandboxed, isolated: true)
        let code = """
            import json, os
            status = dict(line.split(":\\t", 1) for line in open("/proc/self/status") if ":\\t" in line)
            capabilities = [status[name].strip() for name in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")]
            print(json.dumps({"ids": [*os.getresuid(), *os.getresgid(), *os.getgroups()], "capabilities": capabilities}))
            """
        struct Identity: Decodable {
            let ids: [Int]
            let capabilities: [String]
        }
        let identity = try await json(tool, code, as: Identity.self)
        #expect(identity.ids.count >= 6 && !identity.ids.contains(0), "\(identity.ids)")
        #expect(identity.capabilities == Array(repeating: "0000000000000000", count: 5))
    }

    /// A user namespace of the code's own would hand it every capability inside: unshare is refused in the
    /// sandbox (the control, without it, succeeds).
    @Test(arguments: [false, true])
    func cannotMakeANamespaceOfItsOwn(isolated: Bool) async throws {
        let tool = try await PythonToolTests.ready(isolated ? Self.sandboxed : Self.unsandboxed, isolated: isolated)
        let code = """
            import ctypes, json
            libc = ctypes.CDLL(None, use_errno=True)
            result = libc.unshare(0x10000000)  # CLONE_NEWUSER
            print(json.dumps([result, ctypes.get_errno()]))
            """
        let outcome = try await json(tool, code, as: [Int].self)
        #expect(outcome == (isolated ? [-1, 1] : [0, 0]), "\(outcome)")
    }

    /// With or without the sandbox the code gets the same few variables and nothing of ours: no
    /// API key, no MASTUI_ variable.
    @Test(arguments: [false, true])
    func getsTheScrubbedEnvironment(isolated: Bool) async throws {
        let tool = try await PythonToolTests.ready(isolated ? Self.sandboxed : Self.unsandboxed, isolated: isolated)
        let name = "MASTUI_TEST_API_KEY_\(UUID().uuidString.prefix(8))"
        let key = "tvly-\(UUID().uuidString)"
        setenv(name, key, 1)
        defer { unsetenv(name) }
        let environment = try await json(tool, "import json, os\nprint(json.dumps(dict(os.environ)))",
                                         as: [String: String].self)
        // bubblewrap adds PWD for its --chdir.
        let expected = ["PATH", "HOME", "TMPDIR", "LANG", "PYTHONIOENCODING", "PYTHONDONTWRITEBYTECODE",
                        "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"] + (isolated ? ["PWD"] : [])
        #expect(Set(environment.keys) == Set(expected))
        #expect(!environment.values.contains { $0.contains(key) })
        #expect(isolated ? environment["HOME"] == "/tmp" : environment["HOME"]?.contains("mastui-python-") == true)
    }

    enum Ending: String, CaseIterable, Sendable {
        case exit, timeout, cancel
    }

    /// Once a call returns, whether the code ended, timed out or was cancelled, the code's process
    /// is gone, our child (bubblewrap) is reaped and nothing between them runs on. In the sandbox
    /// the host sees the code's process with no uid or gid 0.
    @Test(arguments: Ending.allCases, [false, true])
    func leavesNoProcessBehind(ending: Ending, isolated: Bool) async throws {
        var settings = isolated ? Self.sandboxed : Self.unsandboxed
        if ending == .timeout { settings.timeout = 1.5 }
        let tool = try await PythonToolTests.ready(settings, isolated: isolated)
        // A process name (at most 15 bytes) to find the code's process by from outside.
        let marker = "mtui" + UUID().uuidString.prefix(8)
        let work = ending == .exit ? "time.sleep(1)\nprint('done')" : "while True:\n    time.sleep(0.05)"
        let run = Task { await tool.run("import time\nopen('/proc/self/comm', 'w').write('\(marker)')\n" + work) }
        let code = try #require(await HostProcesses.waitFor(seconds: 15) { HostProcesses.named(marker) },
                                "the code's process never showed")
        let chain = HostProcesses.chain(from: code)
        #expect(chain.last.flatMap(HostProcesses.parent) == getpid(), "\(chain) does not lead to us")
        if isolated {
            let ids = HostProcesses.ids(of: code)
            #expect(ids.count == 8 && !ids.contains(0), "uids and gids on the host: \(ids)")
        }
        if ending == .cancel { run.cancel() }
        let outcome = await run.value
        let expected: [Ending: ToolStatus] = [.exit: .ok, .timeout: .timeout, .cancel: .cancelled]
        #expect(outcome.status == expected[ending], "\(outcome.output)")
        #expect(!chain.contains { HostProcesses.parent(of: $0) == getpid() }, "an unreaped child")
        // bubblewrap exits on its init's word that the code ended, so that init (killed with it on a
        // timeout) can outlive it for a moment and end as a zombie of the host's init, which reaps it.
        let settled = await HostProcesses.waitFor(seconds: 1) {
            chain.allSatisfy { pid in
                HostProcesses.status(of: pid).isEmpty || (pid != code && HostProcesses.isOthersZombie(pid))
            } ? true : nil
        }
        #expect(settled == true, "left: \(chain.map(HostProcesses.describe))")
        #expect(HostProcesses.named(marker) == nil)
    }

    private func pythonList(_ strings: [String]) -> String {
        "[" + strings.map { "'\($0)'" }.joined(separator: ", ") + "]"
    }
}

/// The host's processes as /proc shows them.
private enum HostProcesses {
    static func status(of pid: pid_t) -> [String: String] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [:] }
        let fields = text.split(separator: "\n").compactMap { line in
            line.firstIndex(of: ":").map { (String(line[..<$0]), line[line.index(after: $0)...].trimmingCharacters(in: .whitespaces)) }
        }
        return Dictionary(fields, uniquingKeysWith: { first, _ in first })
    }

    static func parent(of pid: pid_t) -> pid_t? { status(of: pid)["PPid"].flatMap { pid_t($0) } }

    /// Real, effective, saved and file-system uids, then gids.
    static func ids(of pid: pid_t) -> [Int] {
        let status = status(of: pid)
        return ["Uid", "Gid"].flatMap { (status[$0] ?? "").split(whereSeparator: \.isWhitespace).compactMap { Int($0) } }
    }

    static func named(_ name: String) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.lazy.compactMap { pid_t($0) }.first { pid in
            (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) == name + "\n"
        }
    }

    /// `pid` and its ancestors up to (without) this process, or up to init when it is not ours.
    static func chain(from pid: pid_t) -> [pid_t] {
        var chain = [pid]
        while let parent = parent(of: chain.last!), parent > 1, parent != getpid(), chain.count < 16 {
            chain.append(parent)
        }
        return chain
    }

    /// Exited, and left for another process than this one (init, or a subreaper) to reap.
    static func isOthersZombie(_ pid: pid_t) -> Bool {
        let status = status(of: pid)
        return status["State"]?.hasPrefix("Z") == true && status["PPid"].flatMap { pid_t($0) } != getpid()
    }

    static func describe(_ pid: pid_t) -> String {
        let status = status(of: pid)
        return "\(pid) \(status["Name"] ?? "gone") \(status["State"] ?? "") parent \(status["PPid"] ?? "")"
    }

    static func waitFor<Value>(seconds: Double, _ probe: () -> Value?) async -> Value? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while true {
            if let value = probe() { return value }
            if ContinuousClock.now > deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A unix stream socket on the host, on the file system or in the abstract namespace, that
/// answers each connection's first bytes with "pong" and counts those exchanges.
private final class UnixSocketServer: Sendable {
    /// The address as a Python literal's contents (`\0` starts an abstract name).
    let pythonAddress: String
    private let path: String?
    private let counted = Atomic(0)
    private let stopped = Atomic(false)

    var exchanges: Int { counted.load(ordering: .relaxed) }

    convenience init(path: String) throws { try self.init(address: Array(path.utf8), path: path) }
    convenience init(abstractName: String) throws { try self.init(address: [0] + Array(abstractName.utf8), path: nil) }

    private init(address bytes: [UInt8], path: String?) throws {
        self.path = path
        pythonAddress = path ?? "\\0" + String(decoding: bytes.dropFirst(), as: UTF8.self)
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        // An abstract name is exactly its bytes; a path ends at its NUL.
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count + (path == nil ? 0 : 1))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        Thread.detachNewThread { [self] in
            defer { close(listener) }
            while !stopped.load(ordering: .relaxed) {
                var ready = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&ready, 1, 50) > 0 else { continue }
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4)
                if read(connection, &buffer, buffer.count) > 0 {
                    counted.add(1, ordering: .relaxed)
                    _ = "pong".withCString { send(connection, $0, 4, Int32(MSG_NOSIGNAL)) }
                }
                close(connection)
            }
        }
    }

    func stop() {
        stopped.store(true, ordering: .relaxed)
        if let path { unlink(path) }
    }
}
