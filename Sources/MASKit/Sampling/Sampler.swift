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
/// Only the candidates that can survive the filters are sorted: top-k uses a heap, top-p and min-p gather the
/// tokens above a logit threshold (lowered until they hold enough probability) before sorting.
public struct Sampler: Sendable {
    public let settings: SamplingSettings
    private var random: SeededRandom
    private var scores: [Float] = []
    private var candidates: [Int32] = []
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
        return SampledToken(id: Int32(id), logProbability: Self.logSoftmax(logits, at: id, max: rawMax))
    }

    /// Copies the logits into `scores` (NaN as −∞) and applies the repetition penalty; returns the raw maximum.
    private mutating func loadScores(_ logits: UnsafeBufferPointer<Float>, history: some Sequence<Int32>) -> Float {
        let count = logits.count
        if scores.count != count { scores = [Float](repeating: 0, count: count) }
        var rawMax = -Float.infinity
        scores.withUnsafeMutableBufferPointer { scores in
            for i in 0..<count {
                let value = logits[i]
                scores[i] = value.isNaN ? -.infinity : value
                rawMax = max(rawMax, scores[i])
            }
            let penalty = settings.repetitionPenalty
            guard penalty != 1 else { return }
            // Computed from the raw logit, so a token seen many times is penalised once, as in HF.
            for token in history where token >= 0 && Int(token) < count {
                let value = logits[Int(token)]
                guard !value.isNaN else { continue }
                scores[Int(token)] = value < 0 ? value * penalty : value / penalty
            }
        }
        return rawMax
    }

    private func argmax() -> Int {
        scores.withUnsafeBufferPointer { scores in
            var best = 0
            for i in 1..<scores.count where scores[i] > scores[best] { best = i }
            return best
        }
    }

    private mutating func draw() -> Int {
        let s = settings
        let count = scores.count
        let maxScore = scores.withUnsafeBufferPointer { $0.max() ?? -.infinity }
        let inverseTemperature = 1 / s.temperature
        let filtersTopK = s.topK > 0 && s.topK < count
        let filtersTopP = s.topP < 1
        let filtersMinP = s.minP > 0

        // Weights relative to the best token: w = exp((score − max) / T); the best has weight 1.
        func weight(_ score: Float) -> Double { Double(exp((score - maxScore) * inverseTemperature)) }

        guard filtersTopK || filtersTopP || filtersMinP else {
            return scores.withUnsafeBufferPointer { scores in
                var total = 0.0
                for i in 0..<count { total += weight(scores[i]) }
                let target = random.nextUnit() * total
                var cumulative = 0.0
                for i in 0..<count {
                    cumulative += weight(scores[i])
                    if target < cumulative { return i }
                }
                return (0..<count).last { scores[$0] == maxScore } ?? 0
            }
        }

        // min-p keeps w ≥ minP, i.e. score ≥ max + T·ln(minP).
        let minPFloor = filtersMinP ? maxScore + s.temperature * Float(log(Double(s.minP))) : -.infinity
        var topPMass = 0.0
        if filtersTopK {
            // top-p's mass is that of every top-k survivor, before min-p.
            topPMass = gather(atLeast: heap.kthLargest(s.topK, of: scores), weight: weight)
        } else if filtersTopP {
            let total = scores.reduce(0.0) { $0 + weight($1) }
            topPMass = total
            // Tokens above a threshold are a prefix of the sorted order: lower it until that prefix holds top-p's
            // mass (or reaches the min-p floor), so the top-p prefix lies inside it.
            var depth: Float = 16
            while true {
                let threshold = max(minPFloor, maxScore - depth * s.temperature)
                let mass = gather(atLeast: threshold, weight: weight)
                if mass >= Double(s.topP) * total || threshold <= minPFloor || threshold == -.infinity { break }
                depth *= 2
            }
        } else {
            gather(atLeast: minPFloor)
        }
        sortCandidates()

        // top-p over the distribution left by top-k, then min-p: both keep a prefix of the sorted candidates.
        let topPLimit = Double(s.topP) * topPMass
        var kept = 0
        var keptMass = 0.0
        for id in candidates {
            let w = weight(scores[Int(id)])
            if kept > 0 && ((filtersTopP && keptMass >= topPLimit) || (filtersMinP && w < Double(s.minP))) { break }
            keptMass += w
            kept += 1
        }
        let target = random.nextUnit() * keptMass
        var cumulative = 0.0
        for id in candidates.prefix(kept) {
            cumulative += weight(scores[Int(id)])
            if target < cumulative { return Int(id) }
        }
        return Int(candidates[kept - 1])
    }

    /// Fills `candidates` with the ids whose score is at least `threshold`; returns their total weight.
    @discardableResult
    private mutating func gather(atLeast threshold: Float, weight: ((Float) -> Double)? = nil) -> Double {
        candidates.removeAll(keepingCapacity: true)
        var mass = 0.0
        scores.withUnsafeBufferPointer { scores in
            for i in 0..<scores.count where scores[i] >= threshold && scores[i] > -.infinity {
                candidates.append(Int32(i))
                if let weight { mass += weight(scores[i]) }
            }
        }
        return mass
    }

    /// Most likely first; equal scores by id so the order, and thus the draw, is deterministic.
    private mutating func sortCandidates() {
        scores.withUnsafeBufferPointer { scores in
            candidates.sort { a, b in
                let sa = scores[Int(a)], sb = scores[Int(b)]
                return sa > sb || (sa == sb && a < b)
            }
        }
    }

    private static func logSoftmax(_ logits: UnsafeBufferPointer<Float>, at index: Int, max: Float) -> Float {
        var sum = 0.0
        for value in logits where !value.isNaN { sum += Double(exp(value - max)) }
        return Float(Double(logits[index] - max) - log(sum))
    }
}
