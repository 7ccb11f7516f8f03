import Foundation

/// Times the matrix products of one token of a model's forward pass on synthetic weights of the real
/// shapes and types (all layers get their own buffers, so the weights stream from memory as they do in
/// a real run). For `mastui bench` and for measuring kernel changes by hand.
public enum KernelBenchmark {
    /// One weight matrix of a layer.
    public struct Matrix: Sendable {
        public let name: String
        public let type: GGMLType
        public let rows: Int
        public let columns: Int

        public init(_ name: String, _ type: GGMLType, rows: Int, columns: Int) {
            self.name = name; self.type = type; self.rows = rows; self.columns = columns
        }
    }

    /// The matrices a model multiplies per token: `layers` times `layer`, then `output` once.
    public struct Model: Sendable {
        public let name: String
        public let layers: Int
        public let layer: [Matrix]
        public let output: Matrix

    }

    /// SmolLM2-135M-Instruct Q4_1 (hidden 576, 9 query and 3 key/value heads of 64, ffn 1536, tied Q8_0
    /// embedding of 49152 tokens as output).
    public static let smolLM2 = Model(
        name: "SmolLM2-135M Q4_1", layers: 30,
        layer: [Matrix("attn_q", .q4_1, rows: 576, columns: 576), Matrix("attn_k", .q4_1, rows: 192, columns: 576),
                Matrix("attn_v", .q4_1, rows: 192, columns: 576), Matrix("attn_output", .q4_1, rows: 576, columns: 576),
                Matrix("ffn_gate", .q4_1, rows: 1536, columns: 576), Matrix("ffn_up", .q4_1, rows: 1536, columns: 576),
                Matrix("ffn_down", .q4_1, rows: 576, columns: 1536)],
        output: Matrix("output (token_embd)", .q8_0, rows: 49152, columns: 576))

    /// Gemma 3 270M Q4_K_M (hidden 640, 4 query heads and 1 key/value head of 256, ffn 2048, tied Q8_0
    /// embedding of 262144 tokens), with the types of its first layers.
    public static let gemma3 = Model(
        name: "gemma-3-270m Q4_K_M", layers: 18,
        layer: [Matrix("attn_q", .q5_0, rows: 1024, columns: 640), Matrix("attn_k", .q5_0, rows: 256, columns: 640),
                Matrix("attn_v", .q8_0, rows: 256, columns: 640), Matrix("attn_output", .q4_K, rows: 640, columns: 1024),
                Matrix("ffn_gate", .q5_0, rows: 2048, columns: 640), Matrix("ffn_up", .q5_0, rows: 2048, columns: 640),
                Matrix("ffn_down", .q6_K, rows: 640, columns: 2048)],
        output: Matrix("output (token_embd)", .q8_0, rows: 262_144, columns: 640))

    /// Llama-3.2-1B's shapes (hidden 2048, 32 query and 8 key/value heads of 64, ffn 8192, tied embedding of
    /// 128256 tokens) with every matrix of `type`: Q8_0 as a GGUF, bf16 as the Hugging Face checkpoint.
    public static func llama1B(_ type: GGMLType) -> Model {
        Model(name: "Llama-3.2-1B shape \(type)", layers: 16,
              layer: [Matrix("attn_q", type, rows: 2048, columns: 2048), Matrix("attn_k", type, rows: 512, columns: 2048),
                      Matrix("attn_v", type, rows: 512, columns: 2048), Matrix("attn_output", type, rows: 2048, columns: 2048),
                      Matrix("ffn_gate", type, rows: 8192, columns: 2048), Matrix("ffn_up", type, rows: 8192, columns: 2048),
                      Matrix("ffn_down", type, rows: 2048, columns: 8192)],
              output: Matrix("output (token_embd)", type, rows: 128_256, columns: 2048))
    }

    /// Time per token of one measured phase.
    public struct Measurement: Sendable, CustomStringConvertible {
        public let label: String
        /// Wall-clock time.
        public let microsecondsPerToken: Double
        /// CPU time of the calling thread: with a one-thread pool, the cost of the kernels themselves,
        /// unaffected by other processes competing for the cores.
        public let cpuMicrosecondsPerToken: Double
        /// Weight bytes read per wall-clock second.
        public let gigabytesPerSecond: Double

        public var description: String {
            String(format: "%@: %.0f µs/token wall (%.1f tok/s, %.1f GB/s of weights), caller CPU %.0f µs/token",
                   label, microsecondsPerToken, 1e6 / microsecondsPerToken, gigabytesPerSecond,
                   cpuMicrosecondsPerToken)
        }
    }

    /// The decode step: one mat-vec per matrix, layer after layer, then the output head; the median of
    /// `steps` timed steps after one warm-up. `includeOutput: false` times the layers only.
    public static func decode(_ model: Model, steps: Int = 15, includeOutput: Bool = true,
                              pool: WorkerPool = .shared) -> Measurement {
        let weights = SyntheticWeights(model, includeOutput: includeOutput)
        defer { weights.release() }
        let x = UnsafeMutablePointer<Float>.allocate(capacity: weights.maximumDimension)
        let y = UnsafeMutablePointer<Float>.allocate(capacity: weights.maximumRows)
        defer { x.deallocate(); y.deallocate() }
        for i in 0..<weights.maximumDimension { x[i] = Float(i % 17) * 0.01 - 0.08 }
        let (seconds, cpu) = medianSeconds(runs: steps) {
            for matrix in weights.matrices { matrix.matvec(x, into: y, pool: pool) }
        }
        return Measurement(label: "decode \(model.name)\(includeOutput ? "" : " (layers only)"), \(pool.threadCount) threads",
                           microsecondsPerToken: seconds * 1e6, cpuMicrosecondsPerToken: cpu * 1e6,
                           gigabytesPerSecond: Double(weights.bytes) / seconds / 1e9)
    }

    /// Prefill of `batch` tokens: one mat-mul per layer matrix (prompt processing computes the output
    /// head for the last token only, so it is left out); time per token.
    public static func prefill(_ model: Model, batch: Int = 64, runs: Int = 3,
                               pool: WorkerPool = .shared) -> Measurement {
        let weights = SyntheticWeights(model, includeOutput: false)
        defer { weights.release() }
        let x = UnsafeMutablePointer<Float>.allocate(capacity: batch * weights.maximumDimension)
        let y = UnsafeMutablePointer<Float>.allocate(capacity: batch * weights.maximumRows)
        defer { x.deallocate(); y.deallocate() }
        for i in 0..<batch * weights.maximumDimension { x[i] = Float(i % 19) * 0.01 - 0.09 }
        let (seconds, cpu) = medianSeconds(runs: runs) {
            for matrix in weights.matrices { matrix.matmul(x, count: batch, into: y, pool: pool) }
        }
        return Measurement(label: "prefill \(model.name), batch \(batch), \(pool.threadCount) threads",
                           microsecondsPerToken: seconds * 1e6 / Double(batch),
                           cpuMicrosecondsPerToken: cpu * 1e6 / Double(batch),
                           gigabytesPerSecond: Double(weights.bytes) / seconds / 1e9)
    }

    /// The mat-vec cost of one element type alone: 24 distinct 1536×1536 matrices (56.6 M weights, more
    /// than the last-level cache), each multiplied once per run. Reported per SmolLM2 decode step
    /// equivalent, i.e. scaled to its 106 M layer weights.
    public static func typeCost(_ type: GGMLType, runs: Int = 10, pool: WorkerPool = .shared) -> Measurement {
        let model = Model(name: "\(type)", layers: 24, layer: [Matrix("square", type, rows: 1536, columns: 1536)],
                          output: Matrix("unused", type, rows: 1, columns: 1536))
        let m = decode(model, steps: runs, includeOutput: false, pool: pool)
        let scale = 106_168_320.0 / (24 * 1536 * 1536)
        return Measurement(label: "\(type) mat-vec per SmolLM2-layers equivalent, \(pool.threadCount) threads",
                           microsecondsPerToken: m.microsecondsPerToken * scale,
                           cpuMicrosecondsPerToken: m.cpuMicrosecondsPerToken * scale,
                           gigabytesPerSecond: m.gigabytesPerSecond)
    }

    /// Mean wall-clock microseconds of one `parallelFor` with one empty task per participant: the fixed
    /// cost every parallel mat-vec pays.
    public static func dispatchMicroseconds(pool: WorkerPool = .shared, calls: Int = 20_000) -> Double {
        pool.parallelFor(taskCount: pool.threadCount) { _, _ in }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { pool.parallelFor(taskCount: pool.threadCount) { _, _ in } }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(calls)
    }

    /// The full report: decode and prefill of both default models, and the mat-vec cost of every type.
    public static func report(pool: WorkerPool = .shared, output: (String) -> Void) {
        output(String(format: "worker pool: %d threads, %.2f µs per dispatch", pool.threadCount,
                      dispatchMicroseconds(pool: pool)))
        for model in [smolLM2, gemma3] {
            output(decode(model, pool: pool).description)
            output(decode(model, includeOutput: false, pool: pool).description)
            output(prefill(model, pool: pool).description)
        }
        for type in [GGMLType.f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K] {
            output(typeCost(type, pool: pool).description)
        }
    }

    /// Median wall-clock and calling-thread CPU seconds of `runs` runs after a warm-up.
    private static func medianSeconds(runs: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        body()
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = DispatchTime.now().uptimeNanoseconds, cpuStart = threadCPUSeconds()
            body()
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            cpu.append(threadCPUSeconds() - cpuStart)
        }
        return (wall.sorted()[wall.count / 2], cpu.sorted()[cpu.count / 2])
    }

    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// A small fast generator for filling benchmark buffers.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Heap buffers of plausible weights for every matrix of a benchmark model: random quants with small
/// positive f16 scales, or small floats for the float types (never subnormals or NaNs, which would time
/// differently).
private struct SyntheticWeights {
    let matrices: [QuantizedMatrix]
    let buffers: [UnsafeMutableRawPointer]
    let bytes: Int
    let maximumDimension: Int
    let maximumRows: Int

    init(_ model: KernelBenchmark.Model, includeOutput: Bool) {
        var shapes = (0..<model.layers).flatMap { _ in model.layer }
        if includeOutput { shapes.append(model.output) }
        var random = SplitMix64(seed: 42)
        var matrices: [QuantizedMatrix] = [], buffers: [UnsafeMutableRawPointer] = []
        var total = 0
        for shape in shapes {
            let rowBytes = shape.type.byteCount(elements: shape.columns) ?? 0
            let size = rowBytes * shape.rows
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            Self.fill(buffer, type: shape.type, blocks: size / shape.type.blockBytes, using: &random)
            buffers.append(buffer)
            total += size
            do {
                matrices.append(try QuantizedMatrix(type: shape.type, rows: shape.rows, columns: shape.columns,
                                                    base: UnsafeRawPointer(buffer)))
            } catch {
                preconditionFailure("benchmark shape \(shape.name): \(error)")
            }
        }
        self.matrices = matrices
        self.buffers = buffers
        bytes = total
        maximumDimension = shapes.map { max($0.rows, $0.columns) }.max() ?? 0
        maximumRows = shapes.map(\.rows).max() ?? 0
    }

    func release() { buffers.forEach { $0.deallocate() } }

    private static func fill(_ buffer: UnsafeMutableRawPointer, type: GGMLType, blocks: Int,
                             using random: inout SplitMix64) {
        let size = blocks * type.blockBytes
        switch type {
        case .f32:
            for i in 0..<blocks { buffer.storeBytes(of: Float.random(in: -0.1...0.1, using: &random), toByteOffset: 4 * i, as: Float.self) }
        case .f16:
            for i in 0..<blocks { buffer.storeBytes(of: HalfPrecision.half(from: .random(in: -0.1...0.1, using: &random)), toByteOffset: 2 * i, as: UInt16.self) }
        case .bf16:
            for i in 0..<blocks { buffer.storeBytes(of: HalfPrecision.bfloat16(from: .random(in: -0.1...0.1, using: &random)), toByteOffset: 2 * i, as: UInt16.self) }
        default:
            var offset = 0
            while offset + 8 <= size { buffer.storeBytes(of: random.next(), toByteOffset: offset, as: UInt64.self); offset += 8 }
            while offset < size { buffer.storeBytes(of: UInt8.random(in: 0...255, using: &random), toByteOffset: offset, as: UInt8.self); offset += 1 }
            let scaleOffsets: [Int] = switch type {
            case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
            case .q6_K: [208]
            default: [0]
            }
            let scale = HalfPrecision.half(from: 0.01)
            for b in 0..<blocks {
                for o in scaleOffsets { buffer.storeBytes(of: scale, toByteOffset: b * type.blockBytes + o, as: UInt16.self) }
            }
        }
    }
}
