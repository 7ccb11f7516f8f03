import Foundation

/// A sampled token and how likely the model itself found it.
public struct SampledToken: Sendable, Hashable {
    public let id: Int32
    /// log P(id) under the model's distribution: log-softmax of the raw logits, before the repetition penalty,
    /// temperature and filters (so it does not depend on the sampling settings).
    public let logProbability: Float
}

/// Picks the next token from logits the way Hugging Face's sampling does: repetition penalty → temperature →
/// top-k → top-p → min-p, then a draw from what is left (temperature 0: argmax, ties to the lowest id).
/// Draws come from a seeded xoshiro256**, so a seed replays the same tokens for the same logits everywhere.
///
/// Only the candidates that can survive the filters are sorted: top-k finds its threshold with a heap, top-p with
/// a histogram of probability mass by distance from the best score, min-p directly from its definition; without
/// filters the draw walks the vocabulary in id order and nothing is sorted.
public struct Sampler: Sendable {
    public let settings: SamplingSettings
    private var random: SeededRandom
    private var scores: [Float] = []
    private var weights: [Float] = []
    private var blockSums: [Double] = []
    /// Candidate tokens as sortable keys: score order (best first) in the high half, the id in the low half.
    private var candidates: [UInt64] = []
    private var heap = TopKHeap()

    public init(settings: SamplingSettings) throws(SamplingError) {
        try settings.validate()
        self.settings = settings
        random = SeededRandom(seed: settings.seed)
    }

    public mutating func sample(logits: [Float], history: some Sequence<Int32> = [Int32]())
        throws(SamplingError) -> Int32 {
        try sampleToken(logits: logits, history: history).id
    }

    public mutating func sample(logits: UnsafeBufferPointer<Float>, history: some Sequence<Int32> = [Int32]())
        throws(SamplingError) -> Int32 {
        try sampleToken(logits: logits, history: history).id
    }

    public mutating func sampleToken(logits: [Float], history: some Sequence<Int32> = [Int32]())
        throws(SamplingError) -> SampledToken {
        let result: Result<SampledToken, SamplingError> = logits.withUnsafeBufferPointer { buffer in
            Result { () throws(SamplingError) in try sampleToken(logits: buffer, history: history) }
        }
        return try result.get()
    }

    /// `history`: the tokens already in the context (prompt and generated), for the repetition penalty.
    public mutating func sampleToken(logits: UnsafeBufferPointer<Float>, history: some Sequence<Int32> = [Int32]())
        throws(SamplingError) -> SampledToken {
        let rawMax = loadScores(logits, history: history)
        guard rawMax > -.infinity else { throw .noFiniteLogits }
        let id = settings.temperature == 0 ? argmax() : draw()
        let logNormaliser = log(sumOfExponentials(logits, offset: rawMax, scale: 1))
        return SampledToken(id: Int32(id), logProbability: Float(Double(logits[id] - rawMax) - logNormaliser))
    }

    /// Copies the logits into `scores` (NaN as −∞) and applies the repetition penalty; returns the raw maximum.
    private mutating func loadScores(_ logits: UnsafeBufferPointer<Float>, history: some Sequence<Int32>) -> Float {
        let count = logits.count
        if scores.count != count { scores = [Float](repeating: 0, count: count) }
        let penalty = settings.repetitionPenalty
        return scores.withUnsafeMutableBufferPointer { scores in
            for i in 0..<count { scores[i] = logits[i].isNaN ? -.infinity : logits[i] }
            let rawMax = Exponentials.maximum(UnsafeBufferPointer(scores))
            guard penalty != 1 else { return rawMax }
            // Computed from the raw logit, so a token seen many times is penalised once, as in HF.
            for token in history where token >= 0 && Int(token) < count {
                let value = logits[Int(token)]
                guard !value.isNaN else { continue }
                scores[Int(token)] = value < 0 ? value * penalty : value / penalty
            }
            return rawMax
        }
    }

    private var maxScore: Float {
        scores.withUnsafeBufferPointer { Exponentials.maximum($0) }
    }

    /// The first id with the highest score: the first block holding the maximum, then a scan of that block
    /// (a vectorised maximum per block beats a branchy scan of the whole vocabulary).
    private func argmax() -> Int {
        let best = maxScore
        return scores.withUnsafeBufferPointer { scores in
            let blockSize = 512
            var start = 0
            while start < scores.count {
                let block = UnsafeBufferPointer(rebasing: scores[start..<min(scores.count, start + blockSize)])
                if Exponentials.maximum(block) == best, let index = block.firstIndex(of: best) {
                    return start + index
                }
                start += blockSize
            }
            return 0
        }
    }

    /// Σ e^((values[i] − offset) · scale); leaves each term in `weights`.
    private mutating func sumOfExponentials(_ values: UnsafeBufferPointer<Float>, offset: Float, scale: Float)
        -> Double {
        if weights.count != values.count { weights = [Float](repeating: 0, count: values.count) }
        return weights.withUnsafeMutableBufferPointer { weights in
            Exponentials.fill(weights, from: values, offset: offset, scale: scale)
        }
    }

    private mutating func draw() -> Int {
        let s = settings
        let count = scores.count
        let maxScore = self.maxScore
        let inverseTemperature = 1 / s.temperature
        let filtersTopK = s.topK > 0 && s.topK < count
        let filtersTopP = s.topP < 1
        let filtersMinP = s.minP > 0

        guard filtersTopK || filtersTopP || filtersMinP else {
            return drawFromAll(maxScore: maxScore, inverseTemperature: inverseTemperature)
        }

        // Weights relative to the best token: w = exp((score − max) / T); the best weighs 1. (Local copies of
        // the scratch arrays, shared not copied, let the closures below read them while `candidates` changes.)
        let scores = self.scores
        func weight(_ score: Float) -> Double { Double(Exponentials.exp((score - maxScore) * inverseTemperature)) }

        // min-p keeps w ≥ minP, i.e. score ≥ max + T·ln(minP).
        let minPFloor = filtersMinP ? maxScore + s.temperature * Float(log(Double(s.minP))) : -.infinity
        var topPMass: Double
        if filtersTopK {
            // top-p's mass is that of every top-k survivor, before min-p.
            let threshold = heap.kthLargest(s.topK, of: scores)
            topPMass = gather(where: { scores[$0] >= threshold }) { weight(scores[$0]) }
        } else if filtersTopP {
            topPMass = scores.withUnsafeBufferPointer { scores in
                sumOfExponentials(scores, offset: maxScore, scale: inverseTemperature)
            }
            // The top-p prefix ends in the first distance bucket (below the best score) where the mass from the
            // top reaches top-p; gathering every token up to that bucket contains it.
            let weights = self.weights
            let scale = inverseTemperature * Float(Self.distanceBuckets - 1) / Self.bucketedDistance
            func bucket(_ score: Float) -> Int {
                let distance = (maxScore - score) * scale
                return distance < Float(Self.distanceBuckets - 1) ? Int(distance) : Self.distanceBuckets - 1
            }
            var bucketMass = [Double](repeating: 0, count: Self.distanceBuckets)
            for i in 0..<count where scores[i] > -.infinity { bucketMass[bucket(scores[i])] += Double(weights[i]) }
            var lastBucket = Self.distanceBuckets - 1
            var mass = 0.0
            for (index, bucketTotal) in bucketMass.enumerated() {
                mass += bucketTotal
                if mass >= Double(s.topP) * topPMass {
                    lastBucket = index
                    break
                }
            }
            gather(where: { bucket(scores[$0]) <= lastBucket && scores[$0] >= minPFloor }) { Double(weights[$0]) }
        } else {
            topPMass = gather(where: { scores[$0] >= minPFloor }) { weight(scores[$0]) }
        }
        sortCandidates()

        // top-p over the distribution left by top-k, then min-p: both keep a prefix of the sorted candidates.
        let topPLimit = Double(s.topP) * topPMass
        var kept = 0
        var keptMass = 0.0
        for key in candidates {
            let w = weight(scores[Self.id(key)])
            if kept > 0 && ((filtersTopP && keptMass >= topPLimit) || (filtersMinP && w < Double(s.minP))) { break }
            keptMass += w
            kept += 1
        }
        let target = random.nextUnit() * keptMass
        var cumulative = 0.0
        for key in candidates.prefix(kept) {
            cumulative += weight(scores[Self.id(key)])
            if target < cumulative { return Self.id(key) }
        }
        return Self.id(candidates[kept - 1])
    }

    /// Inverse-CDF draw over the whole vocabulary in id order, no sorting: per-block sums locate the block,
    /// then the block is walked.
    private mutating func drawFromAll(maxScore: Float, inverseTemperature: Float) -> Int {
        let count = scores.count
        if weights.count != count { weights = [Float](repeating: 0, count: count) }
        let blockSize = 512
        let blockCount = (count + blockSize - 1) / blockSize
        blockSums.removeAll(keepingCapacity: true)
        var total = 0.0
        scores.withUnsafeBufferPointer { scores in
            weights.withUnsafeMutableBufferPointer { weights in
                for block in 0..<blockCount {
                    let range = block * blockSize..<min(count, (block + 1) * blockSize)
                    let sum = Exponentials.fill(UnsafeMutableBufferPointer(rebasing: weights[range]),
                                                from: UnsafeBufferPointer(rebasing: scores[range]),
                                                offset: maxScore, scale: inverseTemperature)
                    blockSums.append(sum)
                    total += sum
                }
            }
        }
        let target = random.nextUnit() * total
        var cumulative = 0.0
        var block = 0
        while block < blockCount - 1 && cumulative + blockSums[block] <= target {
            cumulative += blockSums[block]
            block += 1
        }
        return weights.withUnsafeBufferPointer { weights in
            let range = block * blockSize..<min(count, (block + 1) * blockSize)
            var last = range.lowerBound
            for i in range where weights[i] > 0 {
                cumulative += Double(weights[i])
                if target < cumulative { return i }
                last = i
            }
            return last  // rounding left the target just past the block's end
        }
    }

    /// Tokens closer to the best than this (in nats at the sampling temperature) get their own histogram buckets
    /// when locating the top-p cut; e^-32 of the best is below float resolution of a sum that includes it.
    private static let bucketedDistance: Float = 32
    private static let distanceBuckets = 256

    /// Fills `candidates` with the finite-score ids that `include` accepts; returns their total weight.
    @discardableResult
    private mutating func gather(where include: (Int) -> Bool, weight: (Int) -> Double) -> Double {
        candidates.removeAll(keepingCapacity: true)
        var mass = 0.0
        scores.withUnsafeBufferPointer { scores in
            for i in 0..<scores.count where scores[i] > -.infinity && include(i) {
                candidates.append(Self.key(score: scores[i], id: i))
                mass += weight(i)
            }
        }
        return mass
    }

    /// Most likely first; equal scores by id, so the order, and thus the draw, is deterministic.
    private mutating func sortCandidates() {
        candidates.sort()
    }

    /// Ascending keys are descending scores: the float's bits made monotonic, inverted, above the id.
    private static func key(score: Float, id: Int) -> UInt64 {
        let bits = score.bitPattern
        let ascending = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return UInt64(~ascending) << 32 | UInt64(id)
    }

    private static func id(_ key: UInt64) -> Int {
        Int(key & 0xFFFF_FFFF)
    }
}
