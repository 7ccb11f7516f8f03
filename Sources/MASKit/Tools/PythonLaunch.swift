import Foundation

/// The command line that runs a workspace's script: inside bubblewrap, or directly.
enum PythonLaunch {
    /// Where the script runs inside the sandbox: a fresh tmpfs, the only writable place.
    static let sandboxDirectory = "/tmp"
    /// Descriptor number the sandbox reads the process filter from.
    static let filterDescriptor: Int32 = 3
    /// The ids the code runs as when mastui is root: nobody and nogroup.
    static let unprivilegedID = 65534
    /// All of /etc the sandbox shows: the dynamic linker's cache and the time zone.
    static let etcFiles = ["/etc/ld.so.cache", "/etc/localtime"]
    /// Top-level links into /usr on merged-/usr systems, directories elsewhere.
    static let systemRoots = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]

    /// bubblewrap showing only what the interpreter needs, read-only: /usr, the top-level system
    /// links, the linker cache and time zone of /etc, and the interpreter's own paths (which may be
    /// under /root, with nothing else of it). Also a private /dev (read-only but for its devices),
    /// /proc of a new PID namespace, a size-limited tmpfs on /tmp holding the script, no network,
    /// no capabilities, a new session, an unprivileged uid, and the process filter. `filter` is an
    /// open descriptor of the workspace's filter file, or nil to go without one.
    static func sandboxed(_ sandbox: PythonSandbox, interpreter: String, workspace: PythonWorkspace,
                          filter: Int32?, settings: PythonToolSettings) -> ChildProcessSpec {
        var arguments = [
            "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        ]
        var command = [interpreter, "main.py"]
        if let setpriv = sandbox.setpriv {
            // Kept only for setpriv, which gives up all of them with uid 0.
            arguments += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
            command = [setpriv, "--reuid=\(unprivilegedID)", "--regid=\(unprivilegedID)", "--clear-groups",
                       "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"] + command
        }
        var shown = ["/usr"]
        arguments += ["--ro-bind", "/usr", "/usr"]
        for root in systemRoots {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: root) {
                arguments += ["--symlink", target, root]
            } else if FileManager.default.fileExists(atPath: root) {
                arguments += ["--ro-bind", root, root]
            } else {
                continue
            }
            shown.append(root)
        }
        arguments += ["--perms", "0755", "--dir", "/etc"] + etcFiles.flatMap { ["--ro-bind-try", $0, $0] }
        arguments += [
            "--dev", "/dev", "--remount-ro", "/dev",
            "--proc", "/proc",
            // World-writable (and sticky), as /tmp is, for the unprivileged uid.
            "--size", "\(settings.workspaceBytes)", "--perms", "1777", "--tmpfs", sandboxDirectory,
        ]
        var made: Set<String> = ["/etc", sandboxDirectory]
        for path in sandbox.hostPaths.sorted(by: { $0.count < $1.count })
        where path != "/" && !shown.contains(where: { contains($0, path) }) {
            // Directories bubblewrap makes on its own are private to root; the uid must pass them.
            for ancestor in ancestors(of: path) where made.insert(ancestor).inserted {
                arguments += ["--perms", "0755", "--dir", ancestor]
            }
            arguments += ["--ro-bind-try", path, path]
            shown.append(path)
        }
        arguments += [
            "--ro-bind", workspace.script, "\(sandboxDirectory)/main.py",
            "--chdir", sandboxDirectory,
        ]
        var inherited: [Int32: Int32] = [:]
        if let filter {
            arguments += ["--seccomp", "\(filterDescriptor)"]
            inherited[filterDescriptor] = filter
        }
        arguments += ["--"] + command
        return ChildProcessSpec(executable: sandbox.bubblewrap, arguments: arguments,
                                environment: environment(home: sandboxDirectory),
                                workingDirectory: "/", inheritedDescriptors: inherited)
    }

    /// The interpreter on the host, in the workspace directory, with the limits only.
    static func direct(interpreter: String, workspace: PythonWorkspace) -> ChildProcessSpec {
        ChildProcessSpec(executable: interpreter, arguments: ["main.py"],
                         environment: environment(home: workspace.directory),
                         workingDirectory: workspace.directory)
    }

    /// The whole environment the code sees, with or without the sandbox: nothing of the user's.
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

    /// Whether `path` is `directory` or inside it.
    private static func contains(_ directory: String, _ path: String) -> Bool {
        path == directory || path.hasPrefix(directory + "/")
    }

    /// `/a`, `/a/b` for `/a/b/c`.
    private static func ancestors(of path: String) -> [String] {
        let components = path.split(separator: "/").dropLast()
        return components.indices.map { "/" + components[...$0].joined(separator: "/") }
    }
}
