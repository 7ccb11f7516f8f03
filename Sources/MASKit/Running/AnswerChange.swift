/// How one round's answer differs from the previous round's, word by word (a longest-common-subsequence
/// diff): what a user reads to see whether another round of recursion changed anything.
public struct AnswerChange: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case same([Substring])
        case removed([Substring])
        case added([Substring])
    }

    public let pieces: [Piece]

    /// Texts longer than this many words are compared as one block (the table is quadratic).
    static let wordLimit = 3_000

    public init(from old: String, to new: String) {
        let a = old.split(whereSeparator: \.isWhitespace), b = new.split(whereSeparator: \.isWhitespace)
        guard a.count <= Self.wordLimit, b.count <= Self.wordLimit else {
            pieces = a == b ? [.same(a)] : [.removed(a), .added(b)].filter { !$0.words.isEmpty }
            return
        }
        // common[i][j]: the longest common subsequence of a[i...] and b[j...].
        var common = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var pieces: [Piece] = []
        func add(_ piece: Piece) {
            switch (pieces.last, piece) {
            case let (.same(x)?, .same(y)): pieces[pieces.count - 1] = .same(x + y)
            case let (.removed(x)?, .removed(y)): pieces[pieces.count - 1] = .removed(x + y)
            case let (.added(x)?, .added(y)): pieces[pieces.count - 1] = .added(x + y)
            default: pieces.append(piece)
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                add(.same([a[i]])); i += 1; j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                add(.removed([a[i]])); i += 1
            } else {
                add(.added([b[j]])); j += 1
            }
        }
        self.pieces = pieces
    }

    public var isUnchanged: Bool { pieces.allSatisfy { if case .same = $0 { true } else { false } } }

    public var removedWords: Int { pieces.reduce(0) { if case .removed(let words) = $1 { $0 + words.count } else { $0 } } }
    public var addedWords: Int { pieces.reduce(0) { if case .added(let words) = $1 { $0 + words.count } else { $0 } } }

    /// `[-old words-] {+new words+}`, unchanged runs longer than 2 × `context` words shortened to their
    /// ends around "…".
    public func marked(context: Int = 3) -> String {
        pieces.map { piece in
            switch piece {
            case .removed(let words): "[-" + words.joined(separator: " ") + "-]"
            case .added(let words): "{+" + words.joined(separator: " ") + "+}"
            case .same(let words) where words.count > 2 * context:
                (words.prefix(context) + ["…"] + words.suffix(context)).joined(separator: " ")
            case .same(let words): words.joined(separator: " ")
            }
        }.joined(separator: " ")
    }
}

extension AnswerChange.Piece {
    var words: [Substring] {
        switch self {
        case .same(let words), .removed(let words), .added(let words): words
        }
    }
}
