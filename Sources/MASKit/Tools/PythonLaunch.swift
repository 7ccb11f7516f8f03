#if canImport(Glibc)
import Glibc
#endif

/// The command line that runs a workspace's script: inside bubblewrap, or directly.
enum PythonLaunch {
    /// Where the script runs inside the sandbox: a fresh tmpfs, the only writable place.
    static let sandboxDirectory = "/tmp"
    /// Descriptor number the sandbox reads the process filter from.
    static let filterDescriptor: Int32 = 3

    /// bubblewrap with a read-only view of `/`, a private /dev (read-only but for its devices),
    /// /proc of a new PID namespace, a size-limited tmpfs on /tmp holding the script, no network,
    /// no capabilities, a new session, and the process filter. `filter` is an open descriptor of
    /// the workspace's filter file, or nil to go without one.
    static func sandboxed(bubblewrap: String, interpreter: String, workspace: PythonWorkspace,
                          filter: Int32?, settings: PythonToolSettings) -> ChildProcessSpec {
        var arguments = [
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/", "/",
            "--dev", "/dev", "--remount-ro", "/dev",
            "--proc", "/proc",
            "--size", "\(settings.workspaceBytes)", "--tmpfs", sandboxDirectory,
            "--ro-bind", workspace.script, "\(sandboxDirectory)/main.py",
            "--chdir", sandboxDirectory,
        ]
        var inherited: [Int32: Int32] = [:]
        if let filter {
            arguments += ["--seccomp", "\(filterDescriptor)"]
            inherited[filterDescriptor] = filter
        }
        arguments += ["--", interpreter, "main.py"]
        return ChildProcessSpec(executable: bubblewrap, arguments: arguments,
                                environment: environment(home: sandboxDirectory),
                                workingDirectory: "/", inheritedDescriptors: inherited)
    }

    /// The interpreter on the host, in the workspace directory, with the limits only.
    static func direct(interpreter: String, workspace: PythonWorkspace) -> ChildProcessSpec {
        ChildProcessSpec(executable: interpreter, arguments: ["main.py"],
                         environment: environment(home: workspace.directory),
                         workingDirectory: workspace.directory)
    }

    /// The whole environment the code sees: nothing of the user's.
    static func environment(home: String) -> [String: String] {
        [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": home,
            "TMPDIR": home,
            "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
        ]
    }
}
