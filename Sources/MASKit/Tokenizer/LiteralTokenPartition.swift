/// Cuts the tokens that are matched literally (control, unknown, user-defined) out of the input
/// before pre-tokenisation, as llama.cpp does: one token at a time, longest first, each taking every
/// occurrence in the text the longer ones left, so a literal token is never merged with its neighbours.
struct LiteralTokenPartition {
    enum Fragment: Equatable {
        /// Bytes of the input still to be tokenised.
        case text(Range<Int>)
        case token(Int32)
    }

    let literalTokens: [LiteralToken]

    /// Control and unknown tokens are looked for only when `parseSpecial` is set;
    /// user-defined ones always are.
    func fragments(of bytes: [UInt8], parseSpecial: Bool) -> [Fragment] {
        var fragments: [Fragment] = bytes.isEmpty ? [] : [.text(0 ..< bytes.count)]
        for literal in literalTokens where parseSpecial || !literal.type.isSpecial {
            var refined: [Fragment] = []
            refined.reserveCapacity(fragments.count)
            for fragment in fragments {
                guard case .text(let range) = fragment else {
                    refined.append(fragment)
                    continue
                }
                var start = range.lowerBound
                while let match = Self.firstOccurrence(of: literal.bytes, in: bytes, within: start ..< range.upperBound) {
                    if match > start { refined.append(.text(start ..< match)) }
                    refined.append(.token(literal.id))
                    start = match + literal.bytes.count
                }
                if start < range.upperBound { refined.append(.text(start ..< range.upperBound)) }
            }
            fragments = refined
        }
        return fragments
    }

    private static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8], within range: Range<Int>) -> Int? {
        guard let first = needle.first, needle.count <= range.count else { return nil }
        var candidate = range.lowerBound
        let lastStart = range.upperBound - needle.count
        while candidate <= lastStart {
            if haystack[candidate] == first {
                var offset = 1
                while offset < needle.count && haystack[candidate + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return candidate }
            }
            candidate += 1
        }
        return nil
    }
}

/// A token matched literally in the input before pre-tokenisation.
struct LiteralToken: Sendable {
    let id: Int32
    let bytes: [UInt8]
    let type: TokenType

    init(id: Int32, text: String, type: TokenType) {
        self.id = id
        bytes = Array(text.utf8)
        self.type = type
    }

    /// The tokens of a vocabulary that are matched literally, longest first.
    static func all(texts: [String], types: [TokenType]) -> [LiteralToken] {
        sorted(texts.indices.compactMap { id in
            types[id].isMatchedLiterally ? LiteralToken(id: Int32(id), text: texts[id], type: types[id]) : nil
        })
    }

    /// Longest first; among equally long ones, lower ids first.
    static func sorted(_ tokens: [LiteralToken]) -> [LiteralToken] {
        tokens.sorted { ($0.bytes.count, $1.id) > ($1.bytes.count, $0.id) }
    }
}
