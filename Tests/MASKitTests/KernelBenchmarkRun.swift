import Foundation
import MASKit
import Testing

/// Not a timed test: prints kernel timings when run by hand, e.g.
///     MASTUI_BENCH=all swift test -c release --filter KernelBenchmarkRun
/// MASTUI_BENCH selects: all, smol, gemma, llama1b, llama1b-bf16 (decode and prefill of one model), types
/// (mat-vec cost of every type); MASTUI_KERNELS the kernel version (scalar, avx2, avxvnni, avx512).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MASTUI_BENCH"] != nil))
struct KernelBenchmarkRun {
    static func show(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    @Test func printTimings() {
        // MASTUI_BENCH_THREADS=1 measures the kernels alone (see the caller CPU column).
        let threads = ProcessInfo.processInfo.environment["MASTUI_BENCH_THREADS"].flatMap(Int.init)
        let pool = threads.map { WorkerPool(threads: $0) } ?? .shared
        switch ProcessInfo.processInfo.environment["MASTUI_BENCH"] ?? "" {
        case "smol", "gemma", "llama1b", "llama1b-bf16":
            let model = switch ProcessInfo.processInfo.environment["MASTUI_BENCH"] {
            case "smol": KernelBenchmark.smolLM2
            case "gemma": KernelBenchmark.gemma3
            case "llama1b": KernelBenchmark.llama1B(.q8_0)
            default: KernelBenchmark.llama1B(.bf16)
            }
            Self.show("kernels: \(KernelInstructionSet.best)")
            Self.show(KernelBenchmark.decode(model, pool: pool).description)
            Self.show(KernelBenchmark.decode(model, includeOutput: false, pool: pool).description)
            Self.show(KernelBenchmark.prefill(model, pool: pool).description)
        case "types":
            for type in [GGMLType.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K] {
                Self.show(KernelBenchmark.typeCost(type, pool: pool).description)
            }
        default:
            KernelBenchmark.report(pool: pool, output: Self.show)
        }
    }
}
