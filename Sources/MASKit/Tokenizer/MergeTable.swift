/// BPE merge rules indexed by the pair of token ids they join.
struct MergeTable: Sendable {
    struct Rule: Sendable {
        /// Lower merges first.
        let rank: Int32
        let result: Int32
    }

    private let rules: [UInt64: Rule]

    /// - Parameter pairs: (left, right) token texts in rank order; a repeated pair keeps its first rank.
    init(pairs: [(left: String, right: String)], idOfText: ByteStringIndex) throws {
        guard pairs.count <= Int(Int32.max) else {
            throw TokenizerError(problem: "\(pairs.count) merges, more than ranks can hold")
        }
        var rules: [UInt64: Rule] = [:]
        rules.reserveCapacity(pairs.count)
        for (rank, pair) in pairs.enumerated() {
            var (left, right) = pair
            let (leftID, rightID, result) = try left.withUTF8 { leftBytes in
                try right.withUTF8 { rightBytes in
                    try Self.ids(leftBytes, rightBytes, rank: rank, text: "\(pair.left) \(pair.right)", idOfText)
                }
            }
            let key = Self.key(leftID, rightID)
            if rules[key] == nil { rules[key] = Rule(rank: Int32(rank), result: result) }
        }
        self.rules = rules
    }

    /// - Parameter merges: "left right" lines in rank order, as GGUF stores them.
    init(_ merges: [String], idOfText: ByteStringIndex) throws {
        try self.init(pairs: Self.pairs(fromLines: merges), idOfText: idOfText)
    }

    @inline(__always)
    func rule(_ left: Int32, _ right: Int32) -> Rule? {
        rules[Self.key(left, right)]
    }

    /// The parts of "left right" lines. The separator is the first space after the first byte, so a left
    /// part may be " ".
    static func pairs(fromLines lines: [String]) throws -> [(left: String, right: String)] {
        try lines.enumerated().map { rank, line in
            let utf8 = Array(line.utf8)
            guard utf8.count > 1, let space = utf8[1...].firstIndex(of: UInt8(ascii: " ")) else {
                throw TokenizerError(problem: "merge \(rank) \(TokenizerError.quoted(line)) is not two tokens separated by a space")
            }
            return (String(decoding: utf8[..<space], as: UTF8.self), String(decoding: utf8[(space + 1)...], as: UTF8.self))
        }
    }

    /// The ids of a merge's left part, right part and result.
    private static func ids(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>, rank: Int,
                            text: String, _ idOfText: ByteStringIndex) throws -> (Int32, Int32, Int32) {
        func id(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)) throws -> Int32 {
            guard let id = idOfText.id(first, second) else {
                let missing = String(decoding: Array(first) + Array(second), as: UTF8.self)
                throw TokenizerError(problem: "merge \(rank) \(TokenizerError.quoted(text)) names \(TokenizerError.quoted(missing)), which is not a token")
            }
            return id
        }
        return (try id(left), try id(right), try id(left, right))
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }
}
