/// llama.cpp's SentencePiece (SPM) segmentation of one piece of escaped text: start from one symbol per UTF-8
/// character, then repeatedly join the adjacent pair whose joined text is the token with the highest score,
/// the leftmost one among equals. A final symbol that is not a token comes out as one byte token per byte.
///
/// Candidates sit in a min-heap keyed by (descending score, left position); a popped entry is used only if
/// the pair now at its position still joins into a token of that score, which is exactly when llama.cpp's
/// own staleness test passes, so ties and stale entries resolve as they do there.
struct SentencePieceScoreMerger {
    private let vocabulary: SentencePieceVocabulary
    private let scores: [Float]
    // Symbols as byte ranges of the text, linked in order; a joined-away symbol has length 0.
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var heap = MergeCandidateHeap()

    init(vocabulary: SentencePieceVocabulary, scores: [Float]) {
        self.vocabulary = vocabulary
        self.scores = scores
    }

    mutating func merge(_ text: [UInt8], into output: inout [Int32]) {
        guard !text.isEmpty else { return }
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        previous.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        heap.removeAll()
        var offset = 0
        while offset < text.count {
            let length = min(Self.sequenceLength(lead: text[offset]), text.count - offset)
            previous.append(Int32(starts.count - 1))
            starts.append(Int32(offset))
            lengths.append(Int32(length))
            offset += length
            next.append(offset < text.count ? Int32(starts.count) : -1)
        }

        text.withUnsafeBufferPointer { text in
            for left in 0 ..< starts.count - 1 { pushCandidate(left: Int32(left), text) }
            while let candidate = heap.popMin() {
                let left = Int(candidate.left)
                guard lengths[left] > 0, next[left] >= 0, joinedPriority(left: left, text) == candidate.priority
                else { continue }
                let right = Int(next[left])
                lengths[left] += lengths[right]
                lengths[right] = 0
                next[left] = next[right]
                if next[left] >= 0 { previous[Int(next[left])] = Int32(left) }
                if previous[left] >= 0 { pushCandidate(left: previous[left], text) }
                pushCandidate(left: Int32(left), text)
            }

            var symbol = 0
            while symbol >= 0 {
                let bytes = UnsafeBufferPointer(rebasing: text[Int(starts[symbol]) ..< Int(starts[symbol] + lengths[symbol])])
                if let id = vocabulary.idOfText.id(bytes) {
                    output.append(id)
                } else {
                    vocabulary.appendByteTokens(bytes, to: &output)
                }
                symbol = Int(next[symbol])
            }
        }
    }

    private mutating func pushCandidate(left: Int32, _ text: UnsafeBufferPointer<UInt8>) {
        guard let priority = joinedPriority(left: Int(left), text) else { return }
        heap.push(priority: priority, left: left)
    }

    /// The heap priority of joining symbol `left` with the one after it, nil when the joined text is no token.
    private func joinedPriority(left: Int, _ text: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let right = Int(next[left])
        guard right >= 0 else { return nil }
        let start = Int(starts[left])
        let end = start + Int(lengths[left] + lengths[right])
        guard let id = vocabulary.idOfText.id(UnsafeBufferPointer(rebasing: text[start ..< end])) else { return nil }
        return Self.descendingPriority(scores[Int(id)])
    }

    /// Higher scores give lower priorities (a total order on the float's bits).
    private static func descendingPriority(_ score: Float) -> UInt32 {
        let bits = score.bitPattern
        let ascending = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return ~ascending
    }

    /// Bytes in the UTF-8 sequence a lead byte starts (1 for a stray continuation byte), as llama.cpp counts.
    private static func sequenceLength(lead: UInt8) -> Int {
        switch lead >> 4 {
        case 0xC, 0xD: 2
        case 0xE: 3
        case 0xF: 4
        default: 1
        }
    }
}
