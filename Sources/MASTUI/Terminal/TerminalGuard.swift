import CNcurses
import Foundation
import Synchronization

/// Process-wide flags the signal handlers may touch (they cannot capture anything).
private let cursesActive = Atomic<Bool>(false)
private let terminationSignal = Atomic<Int32>(0)
private let savedStderr = Atomic<Int32>(-1)
/// A read descriptor on the file stderr is captured into, replayed to the real stderr on a crash.
private let capturedStderr = Atomic<Int32>(-1)

/// Makes sure the terminal is given back on every exit path: a normal return (the backend's
/// shutdown), SIGINT/SIGTERM/SIGHUP (a flag the event loop polls, so it exits through the normal
/// path), crashes and `fatalError` (restore, then die with the same signal), and `exit()`.
public enum TerminalGuard {
    public static func install() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { number in terminationSignal.store(number, ordering: .relaxed) }
        }
        for signalNumber in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(signalNumber) { number in
                TerminalGuard.restoreNow(replayCapturedStderr: true)
                signal(number, SIG_DFL)
                raise(number)
            }
        }
        atexit { TerminalGuard.restoreNow() }
    }

    /// The signal that asked the program to stop, if any.
    public static var terminationRequested: Int32? {
        let number = terminationSignal.load(ordering: .relaxed)
        return number == 0 ? nil : number
    }

    public static func cursesStarted(stderrCopy: Int32, capturedReader: Int32) {
        savedStderr.store(stderrCopy, ordering: .relaxed)
        capturedStderr.store(capturedReader, ordering: .relaxed)
        cursesActive.store(true, ordering: .relaxed)
    }

    public static func cursesStopped() {
        cursesActive.store(false, ordering: .relaxed)
        savedStderr.store(-1, ordering: .relaxed)
        capturedStderr.store(-1, ordering: .relaxed)
    }

    /// Leaves curses mode and points stderr back at the terminal, once; on a crash also shows
    /// what was written to stderr meanwhile (such as the crash message).
    public static func restoreNow(replayCapturedStderr: Bool = false) {
        guard cursesActive.exchange(false, ordering: .relaxed) else { return }
        endwin()
        let copy = savedStderr.exchange(-1, ordering: .relaxed)
        if copy >= 0 { dup2(copy, STDERR_FILENO) }
        let reader = capturedStderr.exchange(-1, ordering: .relaxed)
        guard replayCapturedStderr, reader >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            _ = buffer.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, count) }
        }
    }
}
