import Foundation
import MASKit
import Testing

/// Not a test: prints sampler timings when run by hand (`MASTUI_BENCH=1 swift test -c release --filter
/// SamplerBenchmarkRun`). Skipped otherwise.
@Suite("Sampler benchmark (by hand)", .enabled(if: ProcessInfo.processInfo.environment["MASTUI_BENCH"] != nil))
struct SamplerBenchmarkRun {
    @Test func printTimings() throws {
        let configurations: [(String, SamplingSettings)] = [
            ("greedy", .greedy),
            ("T=0.8 (no filter)", SamplingSettings(temperature: 0.8)),
            ("T=0.8 top-k 40 top-p 0.95", SamplingSettings(temperature: 0.8, topK: 40, topP: 0.95)),
            ("T=0.7 top-k 50 top-p 0.9 rep 1.1", SamplingSettings(temperature: 0.7, topK: 50, topP: 0.9,
                                                                   repetitionPenalty: 1.1)),
            ("T=0.8 top-p 0.95", SamplingSettings(temperature: 0.8, topP: 0.95)),
            ("T=0.8 min-p 0.05", SamplingSettings(temperature: 0.8, minP: 0.05)),
            ("T=1.0 top-p 0.99 (wide)", SamplingSettings(temperature: 1, topP: 0.99)),
        ]
        for vocabulary in [49_152, 262_144] {
            for (name, settings) in configurations {
                let result = try SamplerBenchmark().run(vocabulary: vocabulary, settings: settings)
                print(String(format: "vocab %7d  %-34@ %8.1f µs/sample", vocabulary, name as NSString,
                             result.microsecondsPerSample))
            }
        }
    }
}
