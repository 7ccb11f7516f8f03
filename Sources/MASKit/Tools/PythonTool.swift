import Foundation
import Synchronization

/// Runs the model's Python code with `python3`: the reference's prelude and output format, inside
/// a bubblewrap sandbox that shows the interpreter and the system's libraries only, as an
/// unprivileged user, with time, CPU, memory, file-size and output limits and none of the user's
/// environment. Where bubblewrap cannot run, the limits still apply and every result says that
/// the file system and network are not isolated.
public final class PythonTool: Tool {
    public let name = ToolName.python
    public let settings: PythonToolSettings
    private let runtime = Mutex<PythonRuntime?>(nil)

    public init(settings: PythonToolSettings = PythonToolSettings()) {
        self.settings = settings
    }

    /// How code will run here: the interpreter and the isolation, or why it cannot run.
    public func status() async -> PythonToolStatus {
        switch await resolvedRuntime() {
        case .failure(let missing):
            return PythonToolStatus(interpreter: nil, isolated: false, note: missing.message)
        case .success(let runtime):
            return PythonToolStatus(interpreter: runtime.interpreter.executable,
                                    isolated: runtime.isolationNote == nil, note: runtime.isolationNote)
        }
    }

    public func run(_ arguments: String) async -> ToolOutcome {
        let runtime: PythonRuntime
        switch await resolvedRuntime() {
        case .failure(let missing): return ToolOutcome(status: .error, output: missing.message)
        case .success(let found): runtime = found
        }
        let outcome: ToolOutcome
        do {
            let result = try await PythonSandboxRun.execute(
                source: PythonScript.source(code: arguments, settings: settings), interpreter: runtime.interpreter,
                isolation: runtime.isolation, settings: settings, timeout: settings.timeout)
            outcome = PythonResultFormat.outcome(of: result, settings: settings)
        } catch {
            outcome = ToolOutcome(status: .error, output: "[python error] \(error)")
        }
        guard let note = runtime.isolationNote else { return outcome }
        return ToolOutcome(status: outcome.status, output: note + "\n" + outcome.output)
    }

    private func resolvedRuntime() async -> Result<PythonRuntime, PythonRuntime.Missing> {
        if let known = runtime.withLock({ $0 }) { return .success(known) }
        let resolved = await PythonRuntime.resolve(settings)
        if case .success(let found) = resolved { runtime.withLock { $0 = found } }
        return resolved
    }
}

/// What `PythonTool.status()` reports, for `mastui tools list`.
public struct PythonToolStatus: Sendable, Equatable {
    /// The interpreter's path; nil when none was found.
    public var interpreter: String?
    public var isolated: Bool
    /// Why code cannot run, or why it runs without isolation.
    public var note: String?
}

extension PythonRuntime {
    /// The line every result starts with when the code is not isolated.
    var isolationNote: String? {
        guard case .unavailable(let reason) = isolation else { return nil }
        return "[sandbox] not isolated (\(reason)): the file system and network are reachable; "
            + "time, memory and output limits apply."
    }
}

/// The reference's result text: stdout, then `[stderr]` and stderr, then `[exit_code] N`
/// (negative for a signal), or `[no output]`; a timeout is a single line.
enum PythonResultFormat {
    static func outcome(of result: ChildProcessResult, settings: PythonToolSettings) -> ToolOutcome {
        let exitCode: Int32
        switch result.ending {
        case .timedOut:
            return ToolOutcome(status: .timeout, output: "[timeout] Python tool exceeded \(settings.timeout) seconds.")
        case .cancelled:
            return ToolOutcome(status: .cancelled, output: "[cancelled] the run was cancelled.")
        case .exited(let code): exitCode = code
        case .signaled(let signal): exitCode = -signal
        }
        var pieces: [String] = []
        let stdout = text(result.stdout, stream: "stdout")
        let stderr = text(result.stderr, stream: "stderr")
        if !stdout.isEmpty { pieces.append(stdout.trimmingTrailingWhitespace) }
        if !stderr.isEmpty { pieces.append("[stderr]\n" + stderr.trimmingTrailingWhitespace) }
        if exitCode != 0 { pieces.append("[exit_code] \(exitCode)") }
        if exitCode == -SIGXCPU {
            pieces.append("[limit] CPU time limit of \(settings.effectiveCPUSeconds) s reached.")
        }
        let output = pieces.joined(separator: "\n").trimmingWhitespace
        return ToolOutcome(status: exitCode == 0 ? .ok : .error, output: output.isEmpty ? "[no output]" : output)
    }

    private static func text(_ output: CapturedOutput, stream: String) -> String {
        guard output.droppedBytes > 0 else { return output.text }
        return output.text + "\n... [\(stream) cut: \(output.droppedBytes) more bytes]"
    }
}
