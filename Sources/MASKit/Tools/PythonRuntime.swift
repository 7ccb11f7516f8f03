import Foundation

/// What the python tool found on this machine: the real interpreter and whether bubblewrap can
/// isolate it. Found once per tool, by running the interpreter and a trivial sandbox.
struct PythonRuntime: Sendable, Equatable {
    enum Isolation: Sendable, Equatable {
        case bubblewrap(PythonSandbox)
        case unavailable(reason: String)
    }

    let interpreter: PythonInstallation
    let isolation: Isolation

    /// Why the tool cannot run, for the result, when no interpreter is found.
    struct Missing: Error, Equatable {
        let message: String
    }

    static func resolve(_ settings: PythonToolSettings) async -> Result<PythonRuntime, Missing> {
        guard let found = ExecutableLookup.find(settings.interpreter) else {
            return .failure(Missing(message: "[python error] \(settings.interpreter) was not found"
                                    + (settings.interpreter.contains("/") ? "" : " on PATH")
                                    + "; install Python 3 to use the python tool."))
        }
        let interpreter = await PythonInstallation.behind(found)
        let isolation: Isolation
        switch settings.isolation {
        case .none: isolation = .unavailable(reason: "isolation is off")
        case .bubblewrap: isolation = await probeBubblewrap(settings, interpreter: interpreter)
        }
        return .success(PythonRuntime(interpreter: interpreter, isolation: isolation))
    }

    private static func probeBubblewrap(_ settings: PythonToolSettings, interpreter: PythonInstallation) async
        -> Isolation {
        guard let bubblewrap = ExecutableLookup.find(settings.bubblewrap) else {
            return .unavailable(reason: "\(settings.bubblewrap) is not installed")
        }
        var setpriv: String?
        if geteuid() == 0 {
            guard let found = ExecutableLookup.find("setpriv") else {
                return .unavailable(reason: "setpriv (util-linux) is not installed, so the code would run as root")
            }
            setpriv = found
        }
        let sandbox = PythonSandbox(
            bubblewrap: bubblewrap, setpriv: setpriv,
            hostPaths: interpreter.paths + (setpriv.map(PythonInstallation.hostPaths(for:)) ?? []))
        do {
            let result = try await PythonSandboxRun.execute(
                source: "", interpreter: interpreter, isolation: .bubblewrap(sandbox),
                settings: settings, timeout: 10)
            if result.ending == .exited(code: 0) { return .bubblewrap(sandbox) }
            let message = result.stderr.text.trimmingWhitespace.split(separator: "\n").first.map(String.init)
            return .unavailable(reason: message ?? "\(bubblewrap) failed: \(result.ending)")
        } catch {
            return .unavailable(reason: "\(error)")
        }
    }
}

/// How code is sandboxed here: bubblewrap, the host paths it shows, and whether ids must be dropped.
struct PythonSandbox: Sendable, Equatable {
    let bubblewrap: String
    /// setpriv, when mastui runs as root: bubblewrap started by root keeps uid 0 (a user namespace
    /// would only rename it), so setpriv drops to an unprivileged id before the interpreter starts.
    let setpriv: String?
    /// Host files and directories shown read-only besides the system's own: the interpreter's.
    let hostPaths: [String]
}

/// The interpreter to run and the host paths it reads: the files behind its symlinks, its
/// prefixes and its import path.
struct PythonInstallation: Sendable, Equatable {
    let executable: String
    let paths: [String]

    /// Asks the interpreter once for its own path (`sys.executable`: launchers such as pyenv's
    /// shims are shell scripts that start more processes, which the sandbox forbids), prefixes and
    /// import path.
    static func behind(_ path: String) async -> PythonInstallation {
        let code = "import json, sys; print(json.dumps([sys.executable, sys.prefix, sys.base_prefix,"
            + " sys.exec_prefix, sys.base_exec_prefix, *sys.path]))"
        let spec = ChildProcessSpec(executable: path, arguments: ["-c", code],
                                    environment: PythonLaunch.environment(home: "/"), workingDirectory: "/")
        guard let result = try? await ChildProcess.run(spec, timeout: 10, outputCap: 1 << 16),
              result.ending == .exited(code: 0),
              let reported = try? JSONDecoder().decode([String].self, from: Data(result.stdout.bytes)),
              let executable = reported.first, executable.hasPrefix("/"),
              FileManager.default.isExecutableFile(atPath: executable) else {
            return PythonInstallation(executable: path, paths: hostPaths(for: path))
        }
        // sys.path holds "" (the working directory) and entries that need not exist.
        let existing = reported.filter { $0.hasPrefix("/") && FileManager.default.fileExists(atPath: $0) }
        return PythonInstallation(executable: executable, paths: existing.flatMap(hostPaths(for:)))
    }

    /// `path`, each link of a symlink chain that starts there, and its real path: a bind of the
    /// path alone would leave links inside the sandbox pointing at nothing.
    static func hostPaths(for path: String) -> [String] {
        var paths = [path]
        var current = path
        while paths.count < 40, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) {
            current = target.hasPrefix("/") ? target : (current as NSString).deletingLastPathComponent + "/" + target
            paths.append(current)
        }
        if let real = realpath(path, nil) {
            paths.append(String(cString: real))
            free(real)
        }
        return paths
    }
}

/// One run of a script in a fresh workspace, sandboxed or not.
enum PythonSandboxRun {
    static func execute(source: String, interpreter: PythonInstallation, isolation: PythonRuntime.Isolation,
                        settings: PythonToolSettings, timeout: Double) async throws -> ChildProcessResult {
        switch isolation {
        case .bubblewrap(let sandbox):
            let workspace = try PythonWorkspace(script: source, filter: ProcessCreationFilter.program)
            let filter = workspace.filter.map { open($0, O_RDONLY | O_CLOEXEC) }
            defer { if let filter, filter >= 0 { close(filter) } }
            let spec = PythonLaunch.sandboxed(sandbox, interpreter: interpreter.executable,
                                              workspace: workspace, filter: filter, settings: settings)
            var result = try await ChildProcess.run(spec, timeout: timeout, outputCap: settings.outputCapBytes)
            // bubblewrap reports a child killed by signal N as exit code 128 + N.
            if case .exited(let code) = result.ending, (129...192).contains(code) {
                result.ending = .signaled(signal: code - 128)
            }
            return result
        case .unavailable:
            let workspace = try PythonWorkspace(script: source, filter: nil)
            let spec = PythonLaunch.direct(interpreter: interpreter.executable, workspace: workspace)
            return try await ChildProcess.run(spec, timeout: timeout, outputCap: settings.outputCapBytes)
        }
    }
}
