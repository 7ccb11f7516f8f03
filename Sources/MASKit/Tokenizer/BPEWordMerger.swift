/// Byte-pair merging of one pre-tokenised word: start from one token per initial symbol, then repeatedly
/// join the adjacent pair with the best (lowest) merge rank, the leftmost one among equals.
///
/// Candidate pairs sit in a min-heap keyed by (rank, left position); entries made stale by earlier
/// merges are recognised when popped and skipped, so a word of n symbols costs O(n log n).
struct BPEWordMerger {
    private let merges: MergeTable
    // Symbols of the word being merged, as a doubly linked list over initial positions.
    private var ids: [Int32] = []
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var heap = MergeCandidateHeap()

    init(merges: MergeTable) {
        self.merges = merges
    }

    /// Appends the tokens the symbols `seeds` merge into to `output`; a seed of -1 is a symbol the
    /// vocabulary cannot spell, which takes part in no merge and is dropped, as llama.cpp does.
    mutating func merge<Seeds: Sequence<Int32>>(_ seeds: Seeds, into output: inout [Int32]) {
        ids.removeAll(keepingCapacity: true)
        ids.append(contentsOf: seeds)
        let count = ids.count
        guard count > 0 else { return }
        previous.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        heap.removeAll()
        for position in 0 ..< count {
            previous.append(Int32(position - 1))
            next.append(position + 1 < count ? Int32(position + 1) : -1)
        }
        for left in 0 ..< count - 1 { pushCandidate(left: Int32(left)) }

        while let candidate = heap.popMin() {
            let left = Int(candidate.left)
            let right = Int(next[left])
            guard ids[left] >= 0, right >= 0,
                  let rule = merges.rule(ids[left], ids[right]), UInt32(bitPattern: rule.rank) == candidate.priority
            else { continue }
            ids[left] = rule.result
            ids[right] = -1
            next[left] = next[right]
            if next[left] >= 0 { previous[Int(next[left])] = Int32(left) }
            if previous[left] >= 0 { pushCandidate(left: previous[left]) }
            pushCandidate(left: Int32(left))
        }

        var position: Int32 = 0
        while position >= 0 {
            if ids[Int(position)] >= 0 { output.append(ids[Int(position)]) }
            position = next[Int(position)]
        }
    }

    private mutating func pushCandidate(left: Int32) {
        let right = next[Int(left)]
        guard right >= 0, ids[Int(left)] >= 0, ids[Int(right)] >= 0,
              let rule = merges.rule(ids[Int(left)], ids[Int(right)])
        else { return }
        heap.push(priority: UInt32(bitPattern: rule.rank), left: left)
    }
}
