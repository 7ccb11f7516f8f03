/// One regular expression of a pre-tokenizer chain, as a hand-written scanner. Each stage splits
/// every piece left by the previous stage; text the expression does not match stays a piece of its own.
enum SplitStage: Sendable {
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`
    case gpt2
    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}|
    ///  ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+` (Llama 3 with 3 digits, Qwen2 with 1)
    case llama3(maxDigits: Int)
    /// A simple expression whose matches are cut out of the piece.
    case isolate(IsolatedRun)

    /// Appends the end (scalar index) of every piece `range` splits into.
    func split(_ text: ClassifiedText, _ range: Range<Int>, into ends: inout [Int]) {
        switch self {
        case .gpt2:
            GPT2Split(text: text, range: range).split(into: &ends)
        case .llama3(let maxDigits):
            Llama3Split(text: text, range: range, maxDigits: maxDigits).split(into: &ends)
        case .isolate(let run):
            run.split(text, range, into: &ends)
        }
    }
}

/// Expressions matching runs of one kind of scalar.
enum IsolatedRun: Sendable {
    /// `\p{N}`
    case singleNumber
    /// `\p{N}+`
    case numbers
    /// `[\p{P}\$\+<=>\^~\|]+`: punctuation and the ASCII symbols other than the backtick.
    case punctuation
    /// `[0-9][0-9][0-9]`
    case asciiDigitTriple

    func split(_ text: ClassifiedText, _ range: Range<Int>, into ends: inout [Int]) {
        var gapStart = range.lowerBound
        var position = range.lowerBound
        while position < range.upperBound {
            guard let matchEnd = match(text, at: position, in: range) else {
                position += 1
                continue
            }
            if position > gapStart { ends.append(position) }
            ends.append(matchEnd)
            position = matchEnd
            gapStart = matchEnd
        }
        if gapStart < range.upperBound { ends.append(range.upperBound) }
    }

    private func match(_ text: ClassifiedText, at start: Int, in range: Range<Int>) -> Int? {
        switch self {
        case .singleNumber:
            return text.classes[start] == .number ? start + 1 : nil
        case .numbers:
            return runEnd(text, from: start, in: range) { $0.classes[$1] == .number }
        case .punctuation:
            return runEnd(text, from: start, in: range, where: Self.isPunctuationOrOperator)
        case .asciiDigitTriple:
            let end = start + 3
            guard end <= range.upperBound,
                  (start ..< end).allSatisfy({ (0x30 ... 0x39).contains(text.scalars[$0]) })
            else { return nil }
            return end
        }
    }

    private static func isPunctuationOrOperator(_ text: ClassifiedText, _ index: Int) -> Bool {
        switch text.scalars[index] {
        case 0x24, 0x2B, 0x3C, 0x3D, 0x3E, 0x5E, 0x7E, 0x7C: true  // $ + < = > ^ ~ |
        default: text.classes[index] == .punctuation
        }
    }

    /// End of the run of scalars satisfying `test` that starts at `start`, or nil when none does.
    private func runEnd(_ text: ClassifiedText, from start: Int, in range: Range<Int>,
                        where test: (ClassifiedText, Int) -> Bool) -> Int? {
        var end = start
        while end < range.upperBound, test(text, end) { end += 1 }
        return end > start ? end : nil
    }
}
