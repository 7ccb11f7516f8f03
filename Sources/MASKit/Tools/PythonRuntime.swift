import Foundation

/// What the python tool found on this machine: the real interpreter and whether bubblewrap can
/// isolate it. Found once per tool, by running the interpreter and a trivial sandbox.
struct PythonRuntime: Sendable, Equatable {
    enum Isolation: Sendable, Equatable {
        case bubblewrap(path: String)
        case unavailable(reason: String)
    }

    let interpreter: String
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
        let interpreter = await realInterpreter(behind: found)
        let isolation: Isolation
        switch settings.isolation {
        case .none: isolation = .unavailable(reason: "isolation is off")
        case .bubblewrap: isolation = await probeBubblewrap(settings, interpreter: interpreter)
        }
        return .success(PythonRuntime(interpreter: interpreter, isolation: isolation))
    }

    /// The interpreter's own path (`sys.executable`): launchers such as pyenv's shims are shell
    /// scripts that start more processes, which the sandbox forbids.
    private static func realInterpreter(behind path: String) async -> String {
        let spec = ChildProcessSpec(executable: path, arguments: ["-c", "import sys; print(sys.executable)"],
                                    environment: PythonLaunch.environment(home: "/"), workingDirectory: "/")
        guard let result = try? await ChildProcess.run(spec, timeout: 10, outputCap: 4096),
              result.ending == .exited(code: 0) else { return path }
        let reported = result.stdout.text.trimmingWhitespace
        return reported.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: reported) ? reported : path
    }

    private static func probeBubblewrap(_ settings: PythonToolSettings, interpreter: String) async -> Isolation {
        guard let bubblewrap = ExecutableLookup.find(settings.bubblewrap) else {
            return .unavailable(reason: "\(settings.bubblewrap) is not installed")
        }
        do {
            let result = try await PythonSandboxRun.execute(
                source: "", interpreter: interpreter, isolation: .bubblewrap(path: bubblewrap),
                settings: settings, timeout: 10)
            if result.ending == .exited(code: 0) { return .bubblewrap(path: bubblewrap) }
            let message = result.stderr.text.trimmingWhitespace.split(separator: "\n").first.map(String.init)
            return .unavailable(reason: message ?? "\(bubblewrap) failed: \(result.ending)")
        } catch {
            return .unavailable(reason: "\(error)")
        }
    }
}

/// One run of a script in a fresh workspace, sandboxed or not.
enum PythonSandboxRun {
    static func execute(source: String, interpreter: String, isolation: PythonRuntime.Isolation,
                        settings: PythonToolSettings, timeout: Double) async throws -> ChildProcessResult {
        switch isolation {
        case .bubblewrap(let bubblewrap):
            let workspace = try PythonWorkspace(script: source, filter: ProcessCreationFilter.program)
            let filter = workspace.filter.map { open($0, O_RDONLY | O_CLOEXEC) }
            defer { if let filter, filter >= 0 { close(filter) } }
            let spec = PythonLaunch.sandboxed(bubblewrap: bubblewrap, interpreter: interpreter,
                                              workspace: workspace, filter: filter, settings: settings)
            var result = try await ChildProcess.run(spec, timeout: timeout, outputCap: settings.outputCapBytes)
            // bubblewrap reports a child killed by signal N as exit code 128 + N.
            if case .exited(let code) = result.ending, (129...192).contains(code) {
                result.ending = .signaled(signal: code - 128)
            }
            return result
        case .unavailable:
            let workspace = try PythonWorkspace(script: source, filter: nil)
            let spec = PythonLaunch.direct(interpreter: interpreter, workspace: workspace)
            return try await ChildProcess.run(spec, timeout: timeout, outputCap: settings.outputCapBytes)
        }
    }
}
