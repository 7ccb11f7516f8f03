import Foundation
import Glibc

/// Reads a whole file that is small by nature (a config, a style, a trace, a link), refusing what is not a
/// regular file (a FIFO would block forever, a device never end) and what is larger than files of its
/// kind ever are (a sparse 1 TiB file would exhaust memory), with one line saying which.
public enum FileContents {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Caps by kind: generous for real files, far below what a sparse or hostile one could ask.
    public static let configLimit = 16 << 20
    public static let tokenizerLimit = 512 << 20
    public static let styleLimit = 4 << 20
    public static let traceLimit = 1 << 30
    /// RecursiveLink files (.pt, .safetensors): a 4096 → 4096 outer link in f32 is about 200 MB.
    public static let linkLimit = 2 << 30

    public static func read(_ url: URL, limit: Int) throws(Failure) -> Data {
        let descriptor: Int32, size: Int
        do {
            (descriptor, size) = try MappedFile.openRegularFile(url.path)
        } catch {
            throw Failure(description: error.problem)
        }
        defer { close(descriptor) }
        guard size <= limit else {
            throw Failure(description: "is \(size) bytes, more than the \(limit) a file of this kind may have")
        }
        var data = Data(count: size)
        let done = data.withUnsafeMutableBytes { buffer -> Int in
            var offset = 0
            while offset < size {
                let n = Glibc.read(descriptor, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                offset += n
            }
            return offset
        }
        guard done == size else { throw Failure(description: "cannot read: the file ended after \(done) of \(size) bytes") }
        return data
    }
}
