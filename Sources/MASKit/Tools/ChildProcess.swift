import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Runs a program to completion under a wall-clock deadline, capturing stdout and stderr up to a
/// cap, and kills its whole process group when the deadline passes or the task is cancelled.
///
/// Built on posix_spawn rather than Foundation's Process: the child must start in a new session
/// (its own process group, detached from the user's terminal), with exactly the environment and
/// file descriptors given here, default signal dispositions and no inherited descriptors beyond
/// them, and the process group must be signalled before the child is reaped. glibc's posix_spawn
/// does all of that directly.
enum ChildProcess {
    /// Runs `spec` on a dedicated thread (the wait blocks) and returns how it ended.
    static func run(_ spec: ChildProcessSpec, timeout: Double, outputCap: Int) async throws(ChildProcessError)
        -> ChildProcessResult {
        let cancelled = CancellationFlag()
        let result: Result<ChildProcessResult, ChildProcessError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    do throws(ChildProcessError) {
                        continuation.resume(returning: .success(try runBlocking(
                            spec, timeout: timeout, outputCap: outputCap, isCancelled: cancelled.isSet)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
            }
        } onCancel: {
            cancelled.set()
        }
        return try result.get()
    }

    private static func runBlocking(_ spec: ChildProcessSpec, timeout: Double, outputCap: Int,
                                    isCancelled: () -> Bool) throws(ChildProcessError) -> ChildProcessResult {
        let child = try SpawnedChild(spec)
        var streams = [CapturedStream(descriptor: child.stdout, cap: outputCap),
                       CapturedStream(descriptor: child.stderr, cap: outputCap)]
        let deadline = ContinuousClock.now + .milliseconds(Int64((max(0, timeout) * 1000).rounded()))
        var interruption: ChildProcessResult.Ending?
        var exited = false
        while true {
            exited = exited || child.hasExited()
            if exited && streams.allSatisfy(\.isClosed) { break }
            if isCancelled() { interruption = .cancelled; break }
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { interruption = .timedOut; break }
            CapturedStream.readAvailable(&streams, waitingAtMost: min(remaining, .milliseconds(50)))
        }
        // The leader is alive or an unreaped zombie here, so its group id still names only our
        // processes: stop whatever is left of the group before reaping.
        child.killGroup()
        if interruption != nil {
            let drainDeadline = ContinuousClock.now + .seconds(1)
            while !streams.allSatisfy(\.isClosed) && ContinuousClock.now < drainDeadline {
                CapturedStream.readAvailable(&streams, waitingAtMost: .milliseconds(50))
            }
        }
        streams.indices.forEach { streams[$0].close() }
        let status = child.reap()
        return ChildProcessResult(ending: interruption ?? ChildProcessResult.Ending(waitStatus: status),
                                  stdout: streams[0].captured, stderr: streams[1].captured)
    }
}

/// A program to start: an absolute path, its arguments (without argv[0]), the complete
/// environment, the working directory, and descriptors the child inherits (child fd ← parent fd).
struct ChildProcessSpec: Sendable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    var workingDirectory: String
    var inheritedDescriptors: [Int32: Int32] = [:]
}

struct ChildProcessResult: Sendable {
    enum Ending: Sendable, Equatable {
        case exited(code: Int32)
        case signaled(signal: Int32)
        case timedOut
        case cancelled

        init(waitStatus status: Int32) {
            let signal = status & 0x7F
            self = signal == 0 ? .exited(code: (status >> 8) & 0xFF) : .signaled(signal: signal)
        }
    }

    var ending: Ending
    var stdout: CapturedOutput
    var stderr: CapturedOutput
}

/// Output kept from one stream, and how many bytes past the cap were read and dropped.
struct CapturedOutput: Sendable, Equatable {
    var bytes: [UInt8] = []
    var droppedBytes = 0

    var text: String { String(decoding: bytes, as: UTF8.self) }
}

struct ChildProcessError: Error, CustomStringConvertible {
    let executable: String
    let code: Int32

    var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
}

private final class CancellationFlag: Sendable {
    private let value = Atomic(false)
    func set() { value.store(true, ordering: .relaxed) }
    func isSet() -> Bool { value.load(ordering: .relaxed) }
}

/// A started child: its pid (also its session and process group id) and the read ends of its
/// stdout and stderr pipes.
private struct SpawnedChild {
    let pid: pid_t
    let stdout: Int32
    let stderr: Int32

    init(_ spec: ChildProcessSpec) throws(ChildProcessError) {
        guard let changeDirectory = GlibcSpawnExtensions.addChangeDirectory else {
            throw ChildProcessError(executable: spec.executable, code: ENOSYS)
        }
        let outPipe = try Self.makePipe(for: spec.executable)
        let errPipe: [Int32]
        do { errPipe = try Self.makePipe(for: spec.executable) } catch {
            outPipe.forEach { _ = Glibc.close($0) }
            throw error
        }
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer {
            [outPipe[1], errPipe[1], devNull].forEach { _ = Glibc.close($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, devNull, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // Inherited descriptors are first copied above every target number, so no dup2 can
        // overwrite a source that a later one still needs.
        var copies: [Int32] = []
        defer { copies.forEach { _ = Glibc.close($0) } }
        for (target, source) in spec.inheritedDescriptors.sorted(by: { $0.key < $1.key }) {
            let copy = fcntl(source, F_DUPFD_CLOEXEC, 64)
            guard copy >= 0 else { throw ChildProcessError(executable: spec.executable, code: errno) }
            copies.append(copy)
            posix_spawn_file_actions_adddup2(&actions, copy, target)
        }
        let highest = spec.inheritedDescriptors.keys.max() ?? 2
        _ = GlibcSpawnExtensions.addCloseFrom?(&actions, max(3, highest + 1))
        _ = changeDirectory(&actions, spec.workingDirectory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(GlibcSpawnExtensions.setSessionFlag | Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))

        let argv = CStringArray([spec.executable] + spec.arguments)
        let envp = CStringArray(spec.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        var pid: pid_t = 0
        let code = posix_spawn(&pid, spec.executable, &actions, &attributes, argv.pointers, envp.pointers)
        guard code == 0 else {
            [outPipe[0], errPipe[0]].forEach { _ = Glibc.close($0) }
            throw ChildProcessError(executable: spec.executable, code: code)
        }
        self.pid = pid
        stdout = outPipe[0]
        stderr = errPipe[0]
    }

    /// A pipe whose ends close on exec (the child gets copies through dup2 only).
    private static func makePipe(for executable: String) throws(ChildProcessError) -> [Int32] {
        var ends: [Int32] = [-1, -1]
        if let pipe2 = GlibcSpawnExtensions.pipe2 {
            guard pipe2(&ends, O_CLOEXEC) == 0 else { throw ChildProcessError(executable: executable, code: errno) }
        } else {
            guard pipe(&ends) == 0 else { throw ChildProcessError(executable: executable, code: errno) }
            ends.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        }
        return ends
    }

    /// True once the child has exited; it stays unreaped (a zombie) until `reap`.
    func hasExited() -> Bool {
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 else { return true }
        return info._sifields._sigchld.si_pid == pid
    }

    func killGroup() {
        _ = kill(-pid, SIGKILL)
    }

    /// Waits for the child and returns its raw wait status.
    func reap() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}

/// One pipe being read: the bytes kept so far, up to the cap.
private struct CapturedStream {
    var descriptor: Int32
    let cap: Int
    var captured = CapturedOutput()

    init(descriptor: Int32, cap: Int) {
        self.descriptor = descriptor
        self.cap = cap
    }

    var isClosed: Bool { descriptor < 0 }

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Waits until one of the open streams has data or the time is up, then reads what is there.
    static func readAvailable(_ streams: inout [CapturedStream], waitingAtMost wait: Duration) {
        let milliseconds = Int32(max(1, wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000))
        let open = streams.indices.filter { !streams[$0].isClosed }
        guard !open.isEmpty else {
            usleep(useconds_t(min(milliseconds, 10)) * 1000)
            return
        }
        var pollSet = open.map { pollfd(fd: streams[$0].descriptor, events: Int16(POLLIN), revents: 0) }
        guard poll(&pollSet, nfds_t(pollSet.count), milliseconds) > 0 else { return }
        for (slot, index) in open.enumerated() where pollSet[slot].revents != 0 {
            streams[index].readOnce()
        }
    }

    private mutating func readOnce() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = read(descriptor, &buffer, buffer.count)
        if count > 0 {
            let kept = min(count, max(0, cap - captured.bytes.count))
            captured.bytes.append(contentsOf: buffer[..<kept])
            captured.droppedBytes += count - kept
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            close()
        }
    }
}

/// NUL-terminated C strings for argv/envp, freed with the array.
private final class CStringArray {
    let pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    deinit {
        pointers.forEach { free($0) }
    }
}
