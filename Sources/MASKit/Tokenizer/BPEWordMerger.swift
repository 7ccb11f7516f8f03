/// Byte-pair merging of one pre-tokenised word: start from one token per byte, then repeatedly join
/// the adjacent pair with the best (lowest) merge rank, the leftmost one among equals.
///
/// Candidate pairs sit in a min-heap keyed by (rank, left position); entries made stale by earlier
/// merges are recognised when popped and skipped, so a word of n bytes costs O(n log n).
struct BPEWordMerger {
    private let vocabulary: BPEVocabulary
    // Symbols of the word being merged, as a doubly linked list over byte positions.
    private var ids: [Int32] = []
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var heap = CandidateHeap()

    init(vocabulary: BPEVocabulary) {
        self.vocabulary = vocabulary
    }

    /// Appends the tokens of `word` (its UTF-8 bytes) to `output`.
    mutating func merge(_ word: ArraySlice<UInt8>, into output: inout [Int32]) {
        let count = word.count
        guard count > 0 else { return }
        if let words = vocabulary.idOfWord, let id = word.withUnsafeBufferPointer({ words.id($0) }) {
            output.append(id)
            return
        }
        ids.removeAll(keepingCapacity: true)
        previous.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        heap.removeAll()
        for (position, byte) in word.enumerated() {
            ids.append(vocabulary.byteTokens[Int(byte)])
            previous.append(Int32(position - 1))
            next.append(position + 1 < count ? Int32(position + 1) : -1)
        }
        for left in 0 ..< count - 1 { pushCandidate(left: Int32(left)) }

        while let candidate = heap.popMin() {
            let left = Int(candidate.left)
            let right = Int(next[left])
            guard ids[left] >= 0, right >= 0,
                  let rule = vocabulary.merges.rule(ids[left], ids[right]), rule.rank == candidate.rank
            else { continue }
            ids[left] = rule.result
            ids[right] = -1
            next[left] = next[right]
            if next[left] >= 0 { previous[Int(next[left])] = Int32(left) }
            if previous[left] >= 0 { pushCandidate(left: previous[left]) }
            pushCandidate(left: Int32(left))
        }

        // Bytes the vocabulary cannot spell are dropped, as llama.cpp does.
        var position: Int32 = 0
        while position >= 0 {
            if ids[Int(position)] >= 0 { output.append(ids[Int(position)]) }
            position = next[Int(position)]
        }
    }

    private mutating func pushCandidate(left: Int32) {
        let right = next[Int(left)]
        guard right >= 0, ids[Int(left)] >= 0, ids[Int(right)] >= 0,
              let rule = vocabulary.merges.rule(ids[Int(left)], ids[Int(right)])
        else { return }
        heap.push(rank: rule.rank, left: left)
    }
}

/// Min-heap of merge candidates ordered by rank, then by left position.
private struct CandidateHeap {
    struct Candidate {
        let rank: Int32
        let left: Int32
        var key: UInt64 { UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: left)) }
    }

    private var items: [Candidate] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(rank: Int32, left: Int32) {
        items.append(Candidate(rank: rank, left: left))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].key < items[parent].key else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popMin() -> Candidate? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        items[0] = last
        var parent = 0
        while true {
            var smallest = parent
            let first = 2 * parent + 1
            if first < items.count && items[first].key < items[smallest].key { smallest = first }
            if first + 1 < items.count && items[first + 1].key < items[smallest].key { smallest = first + 1 }
            guard smallest != parent else { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
