/// BPE merge rules indexed by the pair of token ids they join.
struct MergeTable: Sendable {
    struct Rule: Sendable {
        /// Lower merges first.
        let rank: Int32
        let result: Int32
    }

    private let rules: [UInt64: Rule]

    /// - Parameter merges: "left right" lines in rank order; a repeated pair keeps its first rank.
    init(_ merges: [String], idOfText: ByteStringIndex) throws {
        guard merges.count <= Int(Int32.max) else {
            throw TokenizerError(problem: "\(merges.count) merges, more than ranks can hold")
        }
        var rules: [UInt64: Rule] = [:]
        rules.reserveCapacity(merges.count)
        for rank in merges.indices {
            var merge = merges[rank]
            let (left, right, result) = try merge.withUTF8 { try Self.parse($0, rank: rank, text: merges[rank], idOfText) }
            let key = Self.key(left, right)
            if rules[key] == nil { rules[key] = Rule(rank: Int32(rank), result: result) }
        }
        self.rules = rules
    }

    @inline(__always)
    func rule(_ left: Int32, _ right: Int32) -> Rule? {
        rules[Self.key(left, right)]
    }

    /// The ids of a merge's left part, right part and result.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, rank: Int, text: String,
                              _ idOfText: ByteStringIndex) throws -> (Int32, Int32, Int32) {
        // The separator is the first space after the first byte, so a left part may be " ".
        guard bytes.count > 1, let space = bytes[1...].firstIndex(of: UInt8(ascii: " ")) else {
            throw TokenizerError(problem: "merge \(rank) '\(text)' is not two tokens separated by a space")
        }
        let left = UnsafeBufferPointer(rebasing: bytes[..<space])
        let right = UnsafeBufferPointer(rebasing: bytes[(space + 1)...])
        func id(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)) throws -> Int32 {
            guard let id = idOfText.id(first, second) else {
                let missing = String(decoding: Array(first) + Array(second), as: UTF8.self)
                throw TokenizerError(problem: "merge \(rank) '\(text)' names '\(missing)', which is not a token")
            }
            return id
        }
        return (try id(left), try id(right), try id(left, right))
    }

    private static func key(_ left: Int32, _ right: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
    }
}
