/// Requantisation of floating-point (F32/F16/BF16) weight matrices while a model loads.
public enum WeightQuantization: String, Sendable, CaseIterable {
    /// 8-bit blocks of 32 (8.5 bits per weight): roughly half the memory traffic of BF16 per token, at a
    /// small accuracy cost. The quantised copy is allocated (the mapped BF16 file is no longer read after
    /// loading), so loading reads every weight once.
    case q8_0
}

/// A source whose floating-point matrices are requantised at load; quantised matrices and vectors pass
/// through. Owns the quantised copies.
final class QuantizingWeightSource: WeightSource {
    let base: WeightSource
    let quantization: WeightQuantization
    let pool: WorkerPool
    private(set) var storage: [OwnedBytes] = []

    init(base: WeightSource, quantization: WeightQuantization, pool: WorkerPool) {
        self.base = base
        self.quantization = quantization
        self.pool = pool
    }

    func contains(_ tensor: ModelTensor) -> Bool { base.contains(tensor) }

    func vector(_ tensor: ModelTensor, count: Int) throws -> [Float] { try base.vector(tensor, count: count) }

    func matrix(_ tensor: ModelTensor, rows: Int, columns: Int) throws -> QuantizedMatrix {
        let matrix = try base.matrix(tensor, rows: rows, columns: columns)
        guard [.f32, .f16, .bf16].contains(matrix.type) else { return matrix }
        let quantized = switch quantization {
        case .q8_0: matrix.quantizedToQ8_0(pool: pool)
        }
        guard let quantized else { return matrix }
        storage.append(quantized.storage)
        return quantized.matrix
    }
}
