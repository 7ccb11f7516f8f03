/// BPE merge rules indexed by the pair of token ids they join.
struct MergeTable: Sendable {
    struct Rule: Sendable {
        /// Lower merges first.
        let rank: Int32
        let result: Int32
    }

    private let rules: [UInt64: Rule]

    /// - Parameter merges: "left right" lines in rank order; a repeated pair keeps its first rank.
    init(_ merges: [String], idOfText: [String: Int32]) throws {
        guard merges.count <= Int(Int32.max) else {
            throw TokenizerError(problem: "\(merges.count) merges, more than ranks can hold")
        }
        var rules: [UInt64: Rule] = [:]
        rules.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            // The separator is the first space after the first character, so a left part may be " ".
            let scalars = merge.unicodeScalars
            guard !scalars.isEmpty,
                  let space = scalars[scalars.index(after: scalars.startIndex)...].firstIndex(of: " ")
            else {
                throw TokenizerError(problem: "merge \(rank) '\(merge)' is not two tokens separated by a space")
            }
            let left = String(scalars[..<space])
            let right = String(scalars[scalars.index(after: space)...])
            func id(_ text: String) throws -> Int32 {
                guard let id = idOfText[text] else {
                    throw TokenizerError(problem: "merge \(rank) '\(merge)' names '\(text)', which is not a token")
                }
                return id
            }
            let key = Self.key(try id(left), try id(right))
            let result = try id(left + right)
            if rules[key] == nil { rules[key] = Rule(rank: Int32(rank), result: result) }
        }
        self.rules = rules
    }

    @inline(__always)
    func rule(_ left: Int32, _ right: Int32) -> Rule? {
        rules[Self.key(left, right)]
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }
}
