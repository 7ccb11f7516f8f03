import Foundation

/// A directory of `.txt` and `.md` files (searched recursively) split into passages at blank
/// lines; each passage is searched together with its file's title (a leading `# ` heading, or the
/// file name).
public struct SearchCorpus: Sendable {
    public struct Passage: Sendable, Equatable {
        public var title: String
        public var file: String
        public var text: String
    }

    public let directory: String
    public let passages: [Passage]
    /// Files larger than this are skipped.
    static let maxFileBytes = 4 << 20

    public init(directory: String) throws(SearchCorpusError) {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey]) else {
            throw SearchCorpusError(directory: directory, problem: "is not a readable directory")
        }
        let files = walker.compactMap { $0 as? URL }
            .filter { ["txt", "md"].contains($0.pathExtension.lowercased()) }
            .filter { ((try? $0.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) <= Self.maxFileBytes }
            .sorted { $0.path < $1.path }
        passages = files.flatMap { file in
            guard let data = try? Data(contentsOf: file) else { return [Passage]() }
            return Self.passages(of: String(decoding: data, as: UTF8.self), file: file)
        }
        guard !passages.isEmpty else {
            throw SearchCorpusError(directory: directory, problem: "holds no .txt or .md file with text")
        }
        self.directory = root.path
    }

    static func passages(of text: String, file: URL) -> [Passage] {
        var title = file.deletingPathExtension().lastPathComponent
        var paragraphs: [String] = []
        var current: [Substring] = []
        func flush() {
            let paragraph = current.joined(separator: "\n").trimmingWhitespace
            if !paragraph.isEmpty { paragraphs.append(paragraph) }
            current = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
            } else if paragraphs.isEmpty && current.isEmpty && line.hasPrefix("# ") {
                title = String(line.dropFirst(2)).trimmingWhitespace
            } else {
                current.append(line)
            }
        }
        flush()
        return paragraphs.map { Passage(title: title, file: file.path, text: $0) }
    }

    /// `$MASTUI_CORPUS`, else a `corpus` directory beside the executable or one of its parents
    /// (the repository's, for a build in `.build/`), else `./corpus`; nil when none exists.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String? {
        if let configured = environment["MASTUI_CORPUS"], !configured.isEmpty { return configured }
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            var directory = executable.deletingLastPathComponent()
            for _ in 0..<5 {
                candidates.append(directory.appendingPathComponent("corpus"))
                directory = directory.deletingLastPathComponent()
            }
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("corpus"))
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue }?.path
    }
}

public struct SearchCorpusError: Error, Equatable, CustomStringConvertible {
    public let directory: String
    public let problem: String

    public var description: String { "search corpus \(directory) \(problem)" }
}

/// BM25 search over a corpus's passages.
struct OfflineSearch: Sendable {
    let corpus: SearchCorpus
    private let index: BM25Index

    init(corpus: SearchCorpus) {
        self.corpus = corpus
        index = BM25Index(documents: corpus.passages.map { BM25Index.terms(in: $0.title + "\n" + $0.text) })
    }

    func hits(for query: String, limit: Int) -> [SearchHit] {
        index.ranking(for: BM25Index.terms(in: query), limit: limit).map { ranked in
            let passage = corpus.passages[ranked.document]
            return SearchHit(title: passage.title, url: URL(fileURLWithPath: passage.file).absoluteString,
                             content: passage.text)
        }
    }
}
