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

        var prefill = [Double](), decode = [Double](), latent = [Double]()
        for repetition in 1...repetitions {
            progress("run \(repetition)/\(repetitions)")
            context.reset()
            var start = Date()
            _ = try context.prefill(tokens: prompt)
            prefill.append(Double(promptTokens) / Date().timeIntervalSince(start))

            context.reset()
            start = Date()
            var token = prompt[0]
            for _ in 0..<generatedTokens {
                token = Self.argmax(try context.step(token: token).logits ?? [])
            }
            decode.append(Double(generatedTokens) / Date().timeIntervalSince(start))

            context.reset()
            start = Date()
            var embedding = try model.tokenEmbedding(prompt[0])
            for _ in 0..<generatedTokens {
                embedding = try context.step(embedding: embedding).hidden
            }
            latent.append(Double(generatedTokens) / Date().timeIntervalSince(start))
        }
        return Result(model: url.lastPathComponent, architecture: model.config.architecture.rawValue,
                      fileBytes: model.fileBytes, threads: pool.threadCount, promptTokens: promptTokens,
                      generatedTokens: generatedTokens, repetitions: repetitions, loadSeconds: loadSeconds,
                      prefillTokensPerSecond: Self.median(prefill), decodeTokensPerSecond: Self.median(decode),
                      latentStepsPerSecond: Self.median(latent), peakResidentBytes: Self.peakResidentBytes())
    }

    static func argmax(_ values: [Float]) -> Int32 {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return Int32(best)
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
