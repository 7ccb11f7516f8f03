import Foundation
import Glibc
import MASKit
import Testing

/// Files that are not regular (a FIFO blocks a plain read forever) or absurdly large (sparse files cost
/// nothing to make) are refused at once, with one line, by every reader of a whole file.
@Suite struct FileContentsTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("file-contents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func fifo(_ directory: URL, _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try #require(mkfifo(url.path, 0o600) == 0)
        return url
    }

    static func sparse(_ directory: URL, _ name: String, bytes: Int) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try #require(FileManager.default.createFile(atPath: url.path, contents: nil))
        try #require(truncate(url.path, off_t(bytes)) == 0)
        return url
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func fifosAreRefusedWithoutBlocking() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let readers: [(String, (URL) throws -> Void)] = [
            ("x.gguf", { _ = try GGUFFile(url: $0) }),
            ("style.toml", { _ = try Style(contentsOf: $0) }),
            ("trace.jsonl", { _ = try TraceReader.read(contentsOf: $0) }),
            ("adapter.pt", { _ = try RecursiveLinkFile(url: $0) }),
            ("model.safetensors", { _ = try SafetensorsFile(url: $0) }),
        ]
        for (name, read) in readers {
            let url = try Self.fifo(directory, name)
            let text = Self.message { try read(url) }
            #expect(text.contains("not a regular file") && !text.contains("\n"), "\(name): \(text)")
        }
        let config = try Self.fifo(directory, "config.json")
        #expect(Self.message { _ = try JSONObject(url: config) }.hasSuffix("config.json: not a regular file"))
    }

    @Test func sparseGiantsAreRefusedBeforeTheyAreRead() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = try Self.sparse(directory, "trace.jsonl", bytes: 1 << 40)
        #expect(Self.message { _ = try TraceReader.read(contentsOf: trace) }.contains("is 1099511627776 bytes, more than the 1073741824"))
        let link = try Self.sparse(directory, "adapter.pt", bytes: 4 << 30)
        #expect(Self.message { _ = try RecursiveLinkFile(url: link) }.contains("is 4294967296 bytes, more than the 2147483648"))
        let style = try Self.sparse(directory, "style.toml", bytes: 4 << 30)
        #expect(Self.message { _ = try Style(contentsOf: style) }.contains("is 4294967296 bytes, more than the 4194304"))
        let config = try Self.sparse(directory, "config.json", bytes: 1 << 30)
        #expect(Self.message { _ = try JSONObject(url: config) }.contains("is 1073741824 bytes, more than the 16777216"))
    }
}
