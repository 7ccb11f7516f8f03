/// Scanner for GPT-2's pattern
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)` within one piece.
struct GPT2Split {
    let text: ClassifiedText
    let range: Range<Int>

    func split(into ends: inout [Int]) {
        var start = range.lowerBound
        while start < range.upperBound {
            start = pieceEnd(from: start)
            ends.append(start)
        }
    }

    private func pieceEnd(from start: Int) -> Int {
        if let length = contractionLength(text, at: start, in: range, ignoringCase: false) {
            return start + length
        }
        // An optional leading space, then a run of letters, of numbers, or of anything else.
        let body = text.scalars[start] == 0x20 ? start + 1 : start
        if let group = text.class(body, in: range).map(Self.group), group != .whitespace {
            var end = body + 1
            while let next = text.class(end, in: range), Self.group(next) == group { end += 1 }
            return end
        }
        return whitespaceEnd(text, from: start, in: range)
    }

    private static func group(_ unicodeClass: UnicodeClass) -> UnicodeClass {
        unicodeClass == .punctuation ? .other : unicodeClass
    }
}

/// Length of an English contraction (`'s 't 're 've 'm 'll 'd`) starting at `start`, if any.
func contractionLength(_ text: ClassifiedText, at start: Int, in range: Range<Int>, ignoringCase: Bool) -> Int? {
    guard text.scalars[start] == 0x27, let first = text.scalar(start + 1, in: range) else { return nil }
    let fold: (UInt32) -> UInt32 = { ignoringCase && (0x41 ... 0x5A).contains($0) ? $0 + 0x20 : $0 }
    switch fold(first) {
    case 0x73, 0x74, 0x6D, 0x64: return 2  // s t m d
    case let letter:
        guard let second = text.scalar(start + 2, in: range).map(fold) else { return nil }
        switch (letter, second) {
        case (0x72, 0x65), (0x76, 0x65), (0x6C, 0x6C): return 3  // re ve ll
        default: return nil
        }
    }
}

/// `\s+(?!\S)|\s+`: a whitespace run, leaving its last scalar to the word that follows it.
func whitespaceEnd(_ text: ClassifiedText, from start: Int, in range: Range<Int>) -> Int {
    var end = start
    while text.class(end, in: range) == .whitespace { end += 1 }
    let length = end - start
    if length > 1 && end < range.upperBound { return end - 1 }
    return start + max(length, 1)
}
