import ArgumentParser
import Foundation
import MASKit

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure a model's load time, prefill, decode and latent-step speed and peak memory.",
        discussion: "Like llama-bench: one prefill of -p tokens, -n decode steps and -n latent steps "
            + "(fed by embeddings, no LM head), each from an empty context; each figure is the median of -r runs.")

    @Option(help: "A GGUF model file or a Hugging Face checkpoint directory.")
    var model: String

    @Option(help: "Requantise floating-point weights at load time (q8_0).")
    var quantize: WeightQuantization?

    @Option(name: .shortAndLong, parsing: .unconditional, help: "Worker threads (default: one per core).")
    var threads: Int?

    @Option(name: .customShort("p"), help: "Prompt tokens.")
    var promptTokens = 128

    @Option(name: .customShort("n"), help: "Generated tokens (and latent steps).")
    var generatedTokens = 128

    @Option(name: .customShort("r"), help: "Repetitions.")
    var repetitions = 5

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard promptTokens > 0, generatedTokens > 0, repetitions > 0 else {
            throw ValidationError("-p, -n and -r must be positive")
        }
        // More threads than a few per core only contend; a huge count would exhaust memory starting them.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let threads, let problem = ScheduleLimits.problem(threads, 1...(4 * cores)) {
            throw ValidationError("--threads \(problem) (4 per core)")
        }
    }

    func run() async throws {
        let pool = threads.map { WorkerPool(threads: $0) } ?? .shared
        let benchmark = ModelBenchmark(promptTokens: promptTokens, generatedTokens: generatedTokens,
                                       repetitions: repetitions, quantize: quantize)
        // Progress rewrites one line of a terminal; to a file or pipe it goes as plain lines.
        let interactive = isatty(STDERR_FILENO) != 0
        let result = try benchmark.run(modelAt: URL(fileURLWithPath: model), pool: pool) { step in
            FileHandle.standardError.write(Data((interactive ? "\r[bench] \(step)" : "[bench] \(step)\n").utf8))
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print(Self.table(result))
        }
    }

    static func table(_ r: ModelBenchmark.Result) -> String {
        let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        let rows: [(String, String)] = [
            ("model", "\(r.model) (\(r.architecture), \(mib(r.fileBytes)))"),
            ("threads", "\(r.threads)"),
            ("kernels", KernelInstructionSet.best.description),
            ("load", String(format: "%.3f s", r.loadSeconds)),
            ("prefill pp\(r.promptTokens)", String(format: "%.1f tok/s (caller CPU %.2f ms/token)",
                                                   r.prefillTokensPerSecond, r.prefillCPUMilliseconds)),
            ("decode tg\(r.generatedTokens)", String(format: "%.1f tok/s (caller CPU %.2f ms/token)",
                                                   r.decodeTokensPerSecond, r.decodeCPUMilliseconds)),
            ("latent steps ×\(r.generatedTokens)", String(format: "%.1f steps/s (caller CPU %.2f ms/step)",
                                                         r.latentStepsPerSecond, r.latentCPUMilliseconds)),
            ("peak RSS", "\(mib(r.peakResidentBytes)) (\(String(format: "%.2f", Double(r.peakResidentBytes) / Double(r.fileBytes)))× file)"),
            ("runs", "median of \(r.repetitions)"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }
}
