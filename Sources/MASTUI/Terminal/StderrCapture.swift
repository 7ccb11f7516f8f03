import Foundation

/// Sends stderr to a temporary file while curses owns the terminal, so stray messages cannot
/// scribble over the screen; `finish` points stderr back and returns what was written.
public final class StderrCapture {
    public let savedDescriptor: Int32
    /// A separate read descriptor on the capture file, for the crash path.
    public let readerDescriptor: Int32
    private let path: String
    private var finished = false

    public init?() {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("mastui-stderr-\(getpid()).log").path
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard file >= 0 else { return nil }
        savedDescriptor = dup(STDERR_FILENO)
        guard savedDescriptor >= 0 else {
            close(file)
            return nil
        }
        readerDescriptor = open(path, O_RDONLY)
        dup2(file, STDERR_FILENO)
        close(file)
    }

    public func finish() -> String {
        guard !finished else { return "" }
        finished = true
        dup2(savedDescriptor, STDERR_FILENO)
        close(savedDescriptor)
        if readerDescriptor >= 0 { close(readerDescriptor) }
        defer { unlink(path) }
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}
