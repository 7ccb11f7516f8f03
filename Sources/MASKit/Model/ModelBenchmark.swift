import Foundation

/// Times a model the way llama-bench does: prompt processing of `promptTokens` tokens in one prefill,
/// `generatedTokens` single-token decode steps, and as many latent steps (fed by embeddings, without the
/// LM head), each from an empty context (as llama-bench's pp and tg tests) and each the median of
/// `repetitions` runs.
public struct ModelBenchmark: Sendable {
    public struct Result: Codable, Sendable {
        public var model: String
        public var architecture: String
        public var fileBytes: Int
        public var threads: Int
        public var promptTokens: Int
        public var generatedTokens: Int
        public var repetitions: Int
        public var loadSeconds: Double
        public var prefillTokensPerSecond: Double
        public var decodeTokensPerSecond: Double
        public var latentStepsPerSecond: Double
        /// CPU time of the calling thread per prefill token, decode token and latent step (medians): with
        /// one thread, the engine's own cost, whatever else the machine is running.
        public var prefillCPUMilliseconds: Double
        public var decodeCPUMilliseconds: Double
        public var latentCPUMilliseconds: Double
        public var peakResidentBytes: Int
    }

    public var promptTokens = 128
    public var generatedTokens = 128
    public var repetitions = 5
    /// Load-time requantisation of floating-point weights (Hugging Face checkpoints).
    public var quantize: WeightQuantization?

    public init(promptTokens: Int = 128, generatedTokens: Int = 128, repetitions: Int = 5,
                quantize: WeightQuantization? = nil) {
        self.promptTokens = promptTokens
        self.generatedTokens = generatedTokens
        self.repetitions = repetitions
        self.quantize = quantize
    }

    public func run(modelAt url: URL, pool: WorkerPool, progress: (String) -> Void = { _ in }) throws -> Result {
        let loadStart = Date()
        let model = try LanguageModel(url: url, quantize: quantize, pool: pool)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        // Deterministic prompt ids spread over the vocabulary, as llama-bench uses arbitrary tokens.
        let vocabulary = model.vocabularySize
        let prompt = (0..<promptTokens).map { Int32(($0 * 7_919 + 13) % vocabulary) }
        let context = ModelContext(model: model, maxPositions: max(promptTokens, generatedTokens))

        var prefill = Phase(), decode = Phase(), latent = Phase()
        for repetition in 1...repetitions {
            progress("run \(repetition)/\(repetitions)")
            context.reset()
            try prefill.time(items: promptTokens) { _ = try context.prefill(tokens: prompt) }

            context.reset()
            // Fixed tokens as llama-bench feeds, with the logits computed every step.
            try decode.time(items: generatedTokens) {
                for i in 0..<generatedTokens { _ = try context.step(token: prompt[i % promptTokens]) }
            }

            context.reset()
            var embedding = try model.tokenEmbedding(prompt[0])
            try latent.time(items: generatedTokens) {
                for _ in 0..<generatedTokens { embedding = try context.step(embedding: embedding).hidden }
            }
        }
        return Result(model: url.lastPathComponent, architecture: model.config.architecture.rawValue,
                      fileBytes: model.fileBytes, threads: pool.threadCount, promptTokens: promptTokens,
                      generatedTokens: generatedTokens, repetitions: repetitions, loadSeconds: loadSeconds,
                      prefillTokensPerSecond: prefill.medianRate, decodeTokensPerSecond: decode.medianRate,
                      latentStepsPerSecond: latent.medianRate, prefillCPUMilliseconds: prefill.medianCPUMilliseconds,
                      decodeCPUMilliseconds: decode.medianCPUMilliseconds,
                      latentCPUMilliseconds: latent.medianCPUMilliseconds, peakResidentBytes: Self.peakResidentBytes())
    }

    /// The runs of one timed phase: items per wall-clock second, and calling-thread CPU time per item.
    struct Phase {
        var rates: [Double] = []
        var cpuMilliseconds: [Double] = []

        mutating func time(items: Int, _ body: () throws -> Void) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = Self.threadCPUNanoseconds()
            try body()
            let cpu = Self.threadCPUNanoseconds() - cpuStart
            rates.append(Double(items) * 1e9 / Double(DispatchTime.now().uptimeNanoseconds - start))
            cpuMilliseconds.append(Double(cpu) / 1e6 / Double(items))
        }

        var medianRate: Double { ModelBenchmark.median(rates) }
        var medianCPUMilliseconds: Double { ModelBenchmark.median(cpuMilliseconds) }

        static func threadCPUNanoseconds() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// The process's peak resident set size (Linux reports ru_maxrss in KiB).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
