import Glibc

/// A whole file mapped read-only into memory; unmapped when released.
final class MappedFile: @unchecked Sendable {
    /// Why a file could not be mapped, as one line without the file name.
    struct Failure: Error {
        let problem: String
    }

    let bytes: UnsafeRawBufferPointer

    init(path: String) throws(Failure) {
        let (descriptor, size) = try Self.openRegularFile(path)
        defer { close(descriptor) }
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != MAP_FAILED
        else { throw Failure(problem: "cannot map \(size) bytes: \(Self.systemError())") }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    /// An open read-only descriptor of the regular file at `path` and its size; the caller closes it.
    /// Non-blocking open: opening a FIFO for reading would otherwise wait for a writer.
    static func openRegularFile(_ path: String) throws(Failure) -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(problem: "cannot open: \(Self.systemError())") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let problem = "cannot read file status: \(Self.systemError())"
            close(descriptor)
            throw Failure(problem: problem)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw Failure(problem: "not a regular file")
        }
        return (descriptor, Int(status.st_size))
    }

    deinit {
        if let start = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: start), bytes.count)
        }
    }

    private static func systemError() -> String { String(cString: strerror(errno)) }
}
