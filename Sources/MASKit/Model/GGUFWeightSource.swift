/// Weights in a GGUF file, named as llama.cpp's converter names them (shapes in ggml order, [columns, rows]).
final class GGUFWeightSource: WeightSource {
    let file: GGUFFile

    init(file: GGUFFile) { self.file = file }

    static func name(of tensor: ModelTensor) -> String {
        switch tensor {
        case .tokenEmbedding: "token_embd.weight"
        case .outputNorm: "output_norm.weight"
        case .output: "output.weight"
        case .ropeFrequencies: "rope_freqs.weight"
        case let .layer(index, part): "blk.\(index).\(name(of: part)).\(part.isBias ? "bias" : "weight")"
        }
    }

    private static func name(of part: LayerTensor) -> String {
        switch part {
        case .attentionNorm: "attn_norm"
        case .query, .queryBias: "attn_q"
        case .key, .keyBias: "attn_k"
        case .value, .valueBias: "attn_v"
        case .attentionOutput: "attn_output"
        case .queryNorm: "attn_q_norm"
        case .keyNorm: "attn_k_norm"
        case .postAttentionNorm: "post_attention_norm"
        case .feedForwardNorm: "ffn_norm"
        case .gate: "ffn_gate"
        case .up: "ffn_up"
        case .down: "ffn_down"
        case .postFeedForwardNorm: "post_ffw_norm"
        case .deltaQKV: "attn_qkv"
        case .deltaOutputGate: "attn_gate"
        case .deltaBeta: "ssm_beta"
        case .deltaDecay: "ssm_alpha"
        case .deltaConvolution: "ssm_conv1d"
        case .deltaTimeStepBias: "ssm_dt"
        case .deltaDecayLog: "ssm_a"
        case .deltaNorm: "ssm_norm"
        case .deltaOutput: "ssm_out"
        }
    }

    func contains(_ tensor: ModelTensor) -> Bool { file.tensor(named: Self.name(of: tensor)) != nil }

    func matrix(_ tensor: ModelTensor, rows: Int, columns: Int) throws -> QuantizedMatrix {
        let info = try file.requiredTensor(named: Self.name(of: tensor))
        guard info.shape == [columns, rows] else {
            throw file.error("tensor '\(info.name)' has shape \(info.shape), expected [\(columns), \(rows)]")
        }
        return try view(info, rows: rows, columns: columns)
    }

    func vector(_ tensor: ModelTensor, count: Int) throws -> [Float] {
        let info = try file.requiredTensor(named: Self.name(of: tensor))
        guard info.shape == [count] else {
            throw file.error("tensor '\(info.name)' has shape \(info.shape), expected [\(count)]")
        }
        return try finite(view(info, rows: 1, columns: count).rowArray(0), info.name, fail: file.error)
    }

    private func view(_ info: GGUFTensorInfo, rows: Int, columns: Int) throws -> QuantizedMatrix {
        guard let base = file.bytes(of: info).baseAddress else { throw file.error("tensor '\(info.name)' is empty") }
        do {
            return try QuantizedMatrix(type: info.type, rows: rows, columns: columns, base: base)
        } catch {
            throw file.error("tensor '\(info.name)': \(error)")
        }
    }
}

extension LayerTensor {
    var isBias: Bool {
        switch self {
        case .queryBias, .keyBias, .valueBias, .deltaTimeStepBias: true
        default: false
        }
    }
}
