/// The k-th largest score of a vocabulary in one pass with a size-k min-heap (O(n log k), no full sort).
struct TopKHeap: Sendable {
    private var values: [Float] = []

    /// The k-th largest finite-or-not score; every score ≥ it is in the top k (ties at the boundary included,
    /// as Hugging Face's top-k keeps them). Requires 0 < k ≤ scores.count.
    mutating func kthLargest(_ k: Int, of scores: [Float]) -> Float {
        values.removeAll(keepingCapacity: true)
        values.reserveCapacity(k)
        scores.withUnsafeBufferPointer { scores in
            for value in scores.prefix(k) { push(value) }
            for value in scores.dropFirst(k) where value > values[0] { replaceSmallest(with: value) }
        }
        return values[0]
    }

    private mutating func push(_ value: Float) {
        values.append(value)
        var child = values.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard values[child] < values[parent] else { break }
            values.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func replaceSmallest(with value: Float) {
        values[0] = value
        var parent = 0
        let count = values.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { break }
            let right = left + 1
            let smaller = right < count && values[right] < values[left] ? right : left
            guard values[smaller] < values[parent] else { break }
            values.swapAt(smaller, parent)
            parent = smaller
        }
    }
}
