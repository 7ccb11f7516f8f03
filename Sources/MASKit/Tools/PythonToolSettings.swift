/// How the python tool runs code: interpreter, isolation and limits.
public struct PythonToolSettings: Sendable, Equatable {
    /// `python3` is looked up on PATH; a path containing `/` is used as it is.
    public var interpreter: String
    /// Bubblewrap isolation when it can run here (results say so when it cannot), or none.
    public var isolation: PythonIsolation
    /// The bubblewrap program, looked up on PATH unless it contains `/`.
    public var bubblewrap: String
    /// Wall-clock limit; the whole process group is killed when it passes.
    public var timeout: Double
    /// CPU-time limit (RLIMIT_CPU); nil means the timeout rounded up, plus one second.
    public var cpuSeconds: Int?
    /// Address-space limit per process (RLIMIT_AS).
    public var memoryBytes: Int
    /// Processes and threads of the user the code runs as (RLIMIT_NPROC), all calls together: in
    /// the sandbox of a root mastui that is nobody; root itself (without the sandbox) is exempt.
    /// The sandbox's filter forbids new processes anyway.
    public var maxProcesses: Int
    /// Largest file the code may write (RLIMIT_FSIZE).
    public var maxFileBytes: Int
    /// Size of the sandbox's writable temporary directory (a tmpfs).
    public var workspaceBytes: Int
    /// Bytes kept from each of stdout and stderr; the rest is read and dropped.
    public var outputCapBytes: Int

    public init(interpreter: String = "python3", isolation: PythonIsolation = .bubblewrap,
                bubblewrap: String = "bwrap", timeout: Double = 10, cpuSeconds: Int? = nil,
                memoryBytes: Int = 2 << 30, maxProcesses: Int = 64, maxFileBytes: Int = 16 << 20,
                workspaceBytes: Int = 64 << 20, outputCapBytes: Int = 256 << 10) {
        self.interpreter = interpreter
        self.isolation = isolation
        self.bubblewrap = bubblewrap
        self.timeout = timeout
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.maxProcesses = maxProcesses
        self.maxFileBytes = maxFileBytes
        self.workspaceBytes = workspaceBytes
        self.outputCapBytes = outputCapBytes
    }

    var effectiveCPUSeconds: Int { cpuSeconds ?? Int(timeout.rounded(.up)) + 1 }
}

public enum PythonIsolation: String, Sendable, Equatable, CaseIterable {
    /// Only the interpreter and /usr visible, read-only; a fresh tmpfs as the only writable place,
    /// no network, own PID namespace, no new processes, an unprivileged uid. Falls back to `none`
    /// (and says so in every result) where bwrap cannot run.
    case bubblewrap
    /// Limits only: the file system and network are not isolated.
    case none
}
