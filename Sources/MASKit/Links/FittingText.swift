import Foundation

/// The text links are fitted on: question–answer pairs, one per line as `question<TAB>answer`
/// (blank lines and lines starting with `#` are skipped). Each pair is rendered as a chat — the
/// question as the user turn, the answer as what follows the generation prompt — so the hidden states
/// come from where agents think: right after a chat prompt.
public struct FittingText: Sendable {
    public struct Pair: Sendable, Hashable {
        public var question: String
        public var answer: String

        public init(question: String, answer: String) {
            self.question = question
            self.answer = answer
        }
    }

    public let pairs: [Pair]
    /// FNV-1a of the pairs, to tell whether fitted links were made from this text.
    public let fingerprint: UInt64

    /// The shipped text's path inside the project.
    public static let bundledPath = "fitting/qa.tsv"

    public init(pairs: [Pair]) throws {
        guard pairs.count >= 2 else { throw LinkError("link fitting needs at least 2 question–answer pairs, not \(pairs.count)") }
        if let empty = pairs.firstIndex(where: { $0.question.isEmpty || $0.answer.isEmpty }) {
            throw LinkError("question–answer pair \(empty + 1) has an empty question or answer")
        }
        self.pairs = pairs
        fingerprint = pairs.reduce(Fingerprint()) { $0.adding($1.question).adding("\t").adding($1.answer).adding("\n") }.value
    }

    public init(url: URL) throws {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw FileFormatError(file: url.path, problem: "cannot read as UTF-8 text: \(error.localizedDescription)")
        }
        var pairs: [Pair] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw FileFormatError(file: url.path, problem: "line \(number + 1) is not question<TAB>answer")
            }
            pairs.append(Pair(question: String(fields[0]), answer: String(fields[1])))
        }
        do {
            try self.init(pairs: pairs)
        } catch {
            throw FileFormatError(file: url.path, problem: "\(error)")
        }
    }

    /// `$MASTUI_FITTING_TEXT`, else `fitting/qa.tsv` in the current directory, beside the executable or in
    /// a checkout above it; nil when none exists.
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment,
                                  executable: URL = URL(fileURLWithPath: CommandLine.arguments[0])) -> URL? {
        if let custom = environment["MASTUI_FITTING_TEXT"], !custom.isEmpty { return URL(fileURLWithPath: custom) }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(bundledPath)]
        var ancestor = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(ancestor.appendingPathComponent("../share/mastui/\(bundledPath)").standardizedFileURL)
        for _ in 0..<5 {
            ancestor = ancestor.deletingLastPathComponent()
            candidates.append(ancestor.appendingPathComponent(bundledPath))
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Which pairs are held out for measuring fit quality: a seeded shuffle's first `fraction`
    /// (at least one pair, and at least one left to train on).
    public func heldOut(fraction: Double, seed: UInt64) -> Set<Int> {
        var random = SeededRandom(seed: seed ^ 0x4845_4C44_4F55_5421)
        let order = random.permutation(pairs.count)
        let count = min(max(Int((Double(pairs.count) * fraction).rounded()), 1), pairs.count - 1)
        return Set(order.prefix(count))
    }
}

/// 64-bit FNV-1a over strings and numbers, for cache keys (not for security).
public struct Fingerprint: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public func adding(_ text: String) -> Fingerprint {
        var copy = self
        for byte in text.utf8 { copy.value = (copy.value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return copy
    }

    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
