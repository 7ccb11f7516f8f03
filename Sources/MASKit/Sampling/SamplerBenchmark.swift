import Foundation

/// Times `Sampler` on synthetic logits: Gaussian scores (σ = 3, about the spread of real LLM logits) over a
/// vocabulary, with a repetition history, the logits cycling through a few sets. Times are the thread's CPU time,
/// so other processes on a shared machine do not inflate them.
public struct SamplerBenchmark: Sendable {
    public struct Result: Sendable, Codable {
        public var vocabulary: Int
        public var settings: SamplingSettings
        public var samples: Int
        public var microsecondsPerSample: Double
    }

    public var samples: Int
    public var distinctLogitSets: Int

    public init(samples: Int = 200, distinctLogitSets: Int = 8) {
        self.samples = samples
        self.distinctLogitSets = distinctLogitSets
    }

    public func run(vocabulary: Int, settings: SamplingSettings) throws -> Result {
        var random = SeededRandom(seed: 12_345)
        let logitSets = (0..<max(1, distinctLogitSets)).map { _ in
            (0..<vocabulary).map { _ in Float(Self.gaussian(&random) * 3) }
        }
        let history = (0..<256).map { Int32(($0 * 7_919) % vocabulary) }
        var sampler = try Sampler(settings: settings)
        var checksum: Int64 = 0
        let start = Self.threadCPUSeconds()
        for index in 0..<samples {
            checksum &+= Int64(try sampler.sample(logits: logitSets[index % logitSets.count], history: history))
        }
        let seconds = Self.threadCPUSeconds() - start
        precondition(checksum >= 0)  // keeps the draws from being optimised away; ids are never negative
        return Result(vocabulary: vocabulary, settings: settings, samples: samples,
                      microsecondsPerSample: seconds * 1e6 / Double(samples))
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    private static func gaussian(_ random: inout SeededRandom) -> Double {
        let u = max(random.nextUnit(), .leastNonzeroMagnitude)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * random.nextUnit())
    }
}
