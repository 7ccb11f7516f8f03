import Foundation

/// A fresh private directory on the host for one call: it holds the script and the process
/// filter, and is the working directory when the code runs without isolation. Removed afterwards.
final class PythonWorkspace {
    let directory: String
    let script: String
    let filter: String?

    init(script source: String, filter program: [UInt8]?) throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/mastui-python-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw WorkspaceError(message: "cannot create a temporary directory: \(String(cString: strerror(errno)))")
        }
        directory = String(cString: created)
        script = directory + "/main.py"
        filter = program == nil ? nil : directory + "/filter.bpf"
        do {
            try Data(source.utf8).write(to: URL(fileURLWithPath: script))
            // Readable by the sandbox's unprivileged uid whatever the umask; the directory is ours alone.
            guard chmod(script, 0o644) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EPERM) }
            if let program, let filter { try Data(program).write(to: URL(fileURLWithPath: filter)) }
        } catch {
            throw WorkspaceError(message: "cannot write into \(directory): \(error.localizedDescription)")
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct WorkspaceError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
