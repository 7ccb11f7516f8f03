import Foundation
import MASKit
import Testing

@Suite("Sampler")
struct SamplerTests {
    // MARK: Seeded generator

    struct StreamFixture: Decodable {
        let seed: String
        let raw: [String]
        let unit: [Double]
    }

    @Test("xoshiro256** seeded by SplitMix64 matches randomgen's Xoshiro256 and numpy's unit doubles")
    func generatorMatchesReference() throws {
        let data = try Data(contentsOf: TestSupport.fixture("sampling/xoshiro256.json"))
        for fixture in try JSONDecoder().decode([StreamFixture].self, from: data) {
            let seed = try #require(UInt64(fixture.seed))
            var raw = SeededRandom(seed: seed)
            #expect(fixture.raw.map { UInt64($0) } == (0..<fixture.raw.count).map { _ in raw.next() }, "seed \(seed)")
            var unit = SeededRandom(seed: seed)
            #expect(fixture.unit == (0..<fixture.unit.count).map { _ in unit.nextUnit() }, "seed \(seed)")
        }
    }

    // MARK: Greedy

    @Test("temperature 0 is argmax, ties to the lowest id")
    func greedyIsArgmax() throws {
        var sampler = try Sampler(settings: .greedy)
        #expect(try sampler.sample(logits: [1, 3, 3, 2]) == 1)
        #expect(try sampler.sample(logits: [-5, -1, -1, -7]) == 1)
        #expect(try sampler.sample(logits: [.nan, -2, 0.5]) == 2)
        var random = SeededRandom(seed: 7)
        for _ in 0..<20 {
            let logits = (0..<1000).map { _ in Float(random.nextUnit() * 20 - 10) }
            let expected = logits.indices.reduce(0) { logits[$1] > logits[$0] ? $1 : $0 }
            #expect(try sampler.sample(logits: logits) == Int32(expected))
        }
    }

    @Test("a temperature near 0 picks the argmax like greedy")
    func tinyTemperatureIsGreedy() throws {
        var random = SeededRandom(seed: 3)
        var sampler = try Sampler(settings: SamplingSettings(temperature: 1e-4, seed: 11))
        var greedy = try Sampler(settings: .greedy)
        for _ in 0..<50 {
            // Distinct logits 0.05 apart: at T = 1e-4 the runner-up weighs e^-500 of the best.
            let logits = (0..<500).map { Float($0) * 0.05 }.shuffled(using: &random)
            #expect(try sampler.sample(logits: logits) == (try greedy.sample(logits: logits)))
        }
    }

    @Test("the log-probability is the raw logits' log-softmax at the chosen token")
    func logProbability() throws {
        let logits: [Float] = [0.5, 2, -1, 1]
        let logSum = log(logits.map { exp(Double($0)) }.reduce(0, +))
        var sampler = try Sampler(settings: SamplingSettings(temperature: 0.7, repetitionPenalty: 1.3, seed: 5))
        for _ in 0..<20 {
            let token = try sampler.sampleToken(logits: logits, history: [1])
            #expect(abs(Double(token.logProbability) - (Double(logits[Int(token.id)]) - logSum)) < 1e-6)
        }
    }

    // MARK: Repetition penalty

    /// HF's definition, applied once per distinct seen token.
    static func penalised(_ logits: [Float], seen: Set<Int>, penalty: Float) -> [Float] {
        logits.enumerated().map { i, l in seen.contains(i) ? (l < 0 ? l * penalty : l / penalty) : l }
    }

    @Test("repetition penalty divides positive and multiplies negative logits of seen tokens, once each")
    func repetitionPenalty() throws {
        var sampler = try Sampler(settings: SamplingSettings(temperature: 0, repetitionPenalty: 1.5))
        // Positive: 2.0 / 1.5 = 1.33 < 1.5, so token 2 wins over the seen token 0.
        let positive: [Float] = [2, -1, 1.5, 0.5]
        #expect(Self.penalised(positive, seen: [0], penalty: 1.5).firstIndex(of: 1.5) == 2)
        #expect(try sampler.sample(logits: positive, history: [0]) == 2)
        // Negative: −0.5 × 1.5 = −0.75 < −0.6, so token 1 wins.
        #expect(try sampler.sample(logits: [-0.5, -0.6], history: [0]) == 1)
        // Seen three times, still penalised once: 3 / 1.2 = 2.5 > 2 (three times would give 1.74 < 2).
        var mild = try Sampler(settings: SamplingSettings(temperature: 0, repetitionPenalty: 1.2))
        #expect(try mild.sample(logits: [3, 1, 2], history: [0, 0, 0]) == 0)
        // A penalty below 1 favours seen tokens; ids outside the vocabulary are ignored.
        var favour = try Sampler(settings: SamplingSettings(temperature: 0, repetitionPenalty: 0.5))
        #expect(try favour.sample(logits: [1, 1.5, -2], history: [0, 99, -1]) == 0)
    }

    @Test("repetition penalty changes the sampled distribution as defined")
    func repetitionPenaltyFrequencies() throws {
        let logits: [Float] = [1, 0.5, -0.5, 0]
        let seen: Set<Int> = [0, 2]
        let expected = Self.softmax(Self.penalised(logits, seen: seen, penalty: 1.8), temperature: 1)
        var sampler = try Sampler(settings: SamplingSettings(temperature: 1, repetitionPenalty: 1.8, seed: 99))
        try Self.expectFrequencies(expected, draws: 20_000) { try sampler.sample(logits: logits, history: [0, 2]) }
    }

    // MARK: Filters

    /// Probabilities of a small distribution, listed in a shuffled id order.
    static let probabilities: [Double] = [0.06, 0.25, 0.04, 0.4, 0.1, 0.15]
    static var logits: [Float] { probabilities.map { Float(log($0)) } }

    /// The ids HF's chain keeps, from the definitions: top-k, then top-p on the renormalised rest (keep a token
    /// while the mass before it is below top-p), then min-p (p ≥ min-p × max p).
    static func support(_ probabilities: [Double] = probabilities, topK: Int = 0, topP: Double = 1,
                        minP: Double = 0) -> Set<Int> {
        var order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        if topK > 0 { order = Array(order.prefix(topK)) }
        let mass = order.map { probabilities[$0] }.reduce(0, +)
        var kept: [Int] = []
        var before = 0.0
        for id in order where kept.isEmpty || before / mass < topP {
            kept.append(id)
            before += probabilities[id]
        }
        let top = probabilities[kept[0]]
        return Set(kept.filter { probabilities[$0] >= minP * top })
    }

    static func drawnSupport(_ settings: SamplingSettings, draws: Int = 3000) throws -> Set<Int> {
        var sampler = try Sampler(settings: settings)
        var seen = Set<Int>()
        for _ in 0..<draws { seen.insert(Int(try sampler.sample(logits: logits))) }
        return seen
    }

    @Test("top-k, top-p and min-p keep the tokens their definitions keep",
          arguments: [(3, 1.0, 0.0), (1, 1.0, 0.0), (0, 0.7, 0.0), (0, 0.85, 0.0), (4, 0.85, 0.0), (0, 0.3, 0.0),
                      (0, 1.0, 0.2), (0, 1.0, 0.3), (0, 0.95, 0.3), (5, 0.9, 0.12), (10, 1.0, 0.0)])
    func supportSets(topK: Int, topP: Double, minP: Double) throws {
        let expected = Self.support(topK: topK, topP: topP, minP: minP)
        let settings = SamplingSettings(temperature: 1, topK: topK, topP: Float(topP), minP: Float(minP), seed: 1)
        #expect(try Self.drawnSupport(settings) == expected)
    }

    @Test("top-p and min-p over a 600-token vocabulary draw only inside the defined support",
          arguments: [(0.9, 0.0), (0.5, 0.0), (0.99, 0.0), (1.0, 0.02), (0.9, 0.05)])
    func largeVocabularySupport(topP: Double, minP: Double) throws {
        var random = SeededRandom(seed: 4)
        let logits = (0..<600).map { _ in Float(random.nextUnit() * 9 - 6) }
        let temperature = 0.8
        let probabilities = Self.softmax(logits, temperature: temperature)
        let expected = Self.support(probabilities, topP: topP, minP: minP)
        let settings = SamplingSettings(temperature: Float(temperature), topP: Float(topP), minP: Float(minP), seed: 9)
        var sampler = try Sampler(settings: settings)
        var drawn = Set<Int>()
        for _ in 0..<1500 { drawn.insert(Int(try sampler.sample(logits: logits))) }
        #expect(drawn.isSubset(of: expected))
        // Every likely member shows up (each has at least a 1% share of the support).
        let mass = expected.map { probabilities[$0] }.reduce(0, +)
        #expect(expected.filter { probabilities[$0] / mass > 0.01 }.isSubset(of: drawn))
        #expect(drawn.count > 1)
    }

    @Test("the top-p cut is taken after top-k renormalises")
    func topPAfterTopK() {
        // With top-k 4 the fourth token sits after 0.8 / 0.9 = 0.89 ≥ 0.85 of the mass and is cut; without
        // top-k it sits after 0.8 < 0.85 and stays.
        #expect(Self.support(topK: 4, topP: 0.85).count == 3)
        #expect(Self.support(topP: 0.85).count == 4)
    }

    @Test("frequencies inside a filtered support follow the renormalised probabilities")
    func filteredFrequencies() throws {
        let kept = Self.support(topK: 4)
        let mass = kept.map { Self.probabilities[$0] }.reduce(0, +)
        let expected = Self.probabilities.indices.map { kept.contains($0) ? Self.probabilities[$0] / mass : 0 }
        var sampler = try Sampler(settings: SamplingSettings(temperature: 1, topK: 4, seed: 2024))
        try Self.expectFrequencies(expected, draws: 20_000) { try sampler.sample(logits: Self.logits) }
    }

    // MARK: Seeds and frequencies

    @Test("the same seed gives the same tokens, another seed different ones")
    func seeds() throws {
        var random = SeededRandom(seed: 1)
        let steps = (0..<200).map { _ in (0..<64).map { _ in Float(random.nextUnit() * 4) } }
        func run(_ seed: UInt64) throws -> [Int32] {
            var sampler = try Sampler(settings: SamplingSettings(temperature: 0.9, topK: 40, topP: 0.95, seed: seed))
            return try steps.map { try sampler.sample(logits: $0) }
        }
        #expect(try run(42) == (try run(42)))
        #expect(try run(42) != (try run(43)))
    }

    static func softmax(_ logits: [Float], temperature: Double) -> [Double] {
        let scaled = logits.map { Double($0) / temperature }
        let top = scaled.max() ?? 0
        let weights = scaled.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// Each token's frequency lies within 4 standard errors of its probability.
    static func expectFrequencies(_ probabilities: [Double], draws: Int, _ draw: () throws -> Int32) throws {
        var counts = [Int](repeating: 0, count: probabilities.count)
        for _ in 0..<draws { counts[Int(try draw())] += 1 }
        for (id, p) in probabilities.enumerated() {
            let frequency = Double(counts[id]) / Double(draws)
            let standardError = (p * (1 - p) / Double(draws)).squareRoot()
            if p == 0 {
                #expect(counts[id] == 0, "token \(id)")
            } else {
                #expect(abs(frequency - p) <= 4 * standardError, "token \(id): \(frequency) vs \(p)")
            }
        }
    }

    @Test("20,000 draws from a 5-token softmax at T = 0.7 match the exact probabilities")
    func frequencies() throws {
        let logits: [Float] = [1.2, -0.3, 0.4, 2.0, 0.9]
        var sampler = try Sampler(settings: SamplingSettings(temperature: 0.7, seed: 20_000))
        try Self.expectFrequencies(Self.softmax(logits, temperature: 0.7), draws: 20_000) {
            try sampler.sample(logits: logits)
        }
    }

    @Test("over a 299-token vocabulary (two blocks, a partial lane group) without filters the draw follows the softmax")
    func largeVocabularyFrequencies() throws {
        var random = SeededRandom(seed: 8)
        var logits = (0..<299).map { _ in Float(random.nextUnit() * 4 - 5) }
        for (id, value) in [(3, 1.5), (200, 1.0), (257, 0.5), (298, 0.0)] { logits[id] = Float(value) }
        let exact = Self.softmax(logits, temperature: 1)
        // The four large tokens by themselves, all the others together.
        let watched = [3, 200, 257, 298]
        let grouped = watched.map { exact[$0] } + [1 - watched.map { exact[$0] }.reduce(0, +)]
        var sampler = try Sampler(settings: SamplingSettings(temperature: 1, seed: 77))
        try Self.expectFrequencies(grouped, draws: 8_000) {
            let id = Int(try sampler.sample(logits: logits))
            return Int32(watched.firstIndex(of: id) ?? watched.count)
        }
    }

    // MARK: Bad input

    @Test("settings out of range and unusable logits are errors, not crashes")
    func badInput() throws {
        #expect(throws: SamplingError.self) { try Sampler(settings: SamplingSettings(temperature: -1)) }
        #expect(throws: SamplingError.self) { try Sampler(settings: SamplingSettings(topP: 0)) }
        #expect(throws: SamplingError.self) { try Sampler(settings: SamplingSettings(minP: 1.5)) }
        #expect(throws: SamplingError.self) { try Sampler(settings: SamplingSettings(repetitionPenalty: 0)) }
        #expect(throws: SamplingError.self) { try Sampler(settings: SamplingSettings(topK: -3)) }
        var sampler = try Sampler(settings: SamplingSettings(temperature: 0.8, topP: 0.9))
        #expect(throws: SamplingError.noFiniteLogits) { try sampler.sample(logits: []) }
        #expect(throws: SamplingError.noFiniteLogits) { try sampler.sample(logits: [.nan, -.infinity]) }
        // Masked (−∞) tokens are never drawn.
        for _ in 0..<200 {
            #expect(try sampler.sample(logits: [-.infinity, 0, .nan, 0.1, -.infinity]) != 0)
        }
    }
}
