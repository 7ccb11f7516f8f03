/// Scanner for the Llama 3 / Qwen2 pattern
/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
/// within one piece.
struct Llama3Split {
    let text: ClassifiedText
    let range: Range<Int>
    let maxDigits: Int

    func split(into ends: inout [Int]) {
        var start = range.lowerBound
        while start < range.upperBound {
            start = pieceEnd(from: start)
            ends.append(start)
        }
    }

    private func pieceEnd(from start: Int) -> Int {
        if let length = contractionLength(text, at: start, in: range, ignoringCase: true) {
            return start + length
        }
        let first = text.classes[start]
        // One optional scalar that is not a line break, letter or number, then letters.
        if !isLineBreak(start) && first != .number
            && (first == .letter || text.class(start + 1, in: range) == .letter) {
            var end = start + 1
            while text.class(end, in: range) == .letter { end += 1 }
            return end
        }
        if first == .number {
            var end = start + 1
            while end - start < maxDigits && text.class(end, in: range) == .number { end += 1 }
            return end
        }
        // An optional space, a run of symbols and punctuation, then any line breaks.
        let body = text.scalars[start] == 0x20 ? start + 1 : start
        if let bodyClass = text.class(body, in: range), bodyClass == .punctuation || bodyClass == .other {
            var end = body + 1
            while let next = text.class(end, in: range), next == .punctuation || next == .other { end += 1 }
            while end < range.upperBound && isLineBreak(end) { end += 1 }
            return end
        }
        // Whitespace up to and including its last line break, else as in GPT-2.
        var end = start
        var lineBreakEnd: Int?
        while text.class(end, in: range) == .whitespace {
            if isLineBreak(end) { lineBreakEnd = end + 1 }
            end += 1
        }
        return lineBreakEnd ?? whitespaceEnd(text, from: start, in: range)
    }

    private func isLineBreak(_ index: Int) -> Bool {
        let scalar = text.scalars[index]
        return scalar == 0x0A || scalar == 0x0D
    }
}
