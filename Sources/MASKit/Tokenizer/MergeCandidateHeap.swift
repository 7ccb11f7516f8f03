/// Min-heap of merge candidates ordered by priority, then by left position: the merge loops of both BPE
/// flavours pop the best pair and recognise entries made stale by earlier merges themselves.
struct MergeCandidateHeap {
    struct Candidate {
        /// Lower merges first.
        let priority: UInt32
        let left: Int32
        var key: UInt64 { UInt64(priority) << 32 | UInt64(UInt32(bitPattern: left)) }
    }

    private var items: [Candidate] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(priority: UInt32, left: Int32) {
        items.append(Candidate(priority: priority, left: left))
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
