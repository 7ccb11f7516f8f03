/// Weights of a Hugging Face checkpoint, named as transformers names them (shapes [out, in], used in place as
/// BF16/F16/F32 rows). Gemma's and Qwen3.5's norms are stored as w for a (1 + w) RMSNorm; this source
/// returns 1 + w.
final class HuggingFaceWeightSource: WeightSource {
    let checkpoint: SafetensorsCheckpoint
    private let isGemma: Bool
    private let offsetsNorms: Bool
    /// "model." for text models; multimodal Gemma 3 nests the text model deeper.
    private let prefix: String
    private let headName: String

    init(checkpoint: SafetensorsCheckpoint, config: TransformerConfig) throws {
        self.checkpoint = checkpoint
        isGemma = config.architecture == .gemma3
        offsetsNorms = isGemma || config.architecture == .qwen3_5
        let prefixes = ["model.", "model.language_model.", "language_model.model."]
        guard let prefix = prefixes.first(where: { checkpoint.info(named: "\($0)embed_tokens.weight") != nil }) else {
            throw FileFormatError(file: checkpoint.directory.path, problem: "missing tensor 'model.embed_tokens.weight'")
        }
        self.prefix = prefix
        headName = prefix == "language_model.model." ? "language_model.lm_head.weight" : "lm_head.weight"
    }

    func name(of tensor: ModelTensor) -> String? {
        switch tensor {
        case .tokenEmbedding: "\(prefix)embed_tokens.weight"
        case .outputNorm: "\(prefix)norm.weight"
        case .output: headName
        case .ropeFrequencies: nil
        case let .layer(index, part): "\(prefix)layers.\(index).\(name(of: part))"
        }
    }

    private func name(of part: LayerTensor) -> String {
        switch part {
        case .attentionNorm: "input_layernorm.weight"
        case .query: "self_attn.q_proj.weight"
        case .key: "self_attn.k_proj.weight"
        case .value: "self_attn.v_proj.weight"
        case .attentionOutput: "self_attn.o_proj.weight"
        case .queryBias: "self_attn.q_proj.bias"
        case .keyBias: "self_attn.k_proj.bias"
        case .valueBias: "self_attn.v_proj.bias"
        case .queryNorm: "self_attn.q_norm.weight"
        case .keyNorm: "self_attn.k_norm.weight"
        // In Llama-style checkpoints "post_attention_layernorm" is the norm before the MLP; Gemma 3 has
        // distinct pre- and post-norms around both blocks.
        case .postAttentionNorm: "post_attention_layernorm.weight"
        case .feedForwardNorm: isGemma ? "pre_feedforward_layernorm.weight" : "post_attention_layernorm.weight"
        case .gate: "mlp.gate_proj.weight"
        case .up: "mlp.up_proj.weight"
        case .down: "mlp.down_proj.weight"
        case .postFeedForwardNorm: "post_feedforward_layernorm.weight"
        case .deltaQKV: "linear_attn.in_proj_qkv.weight"
        case .deltaOutputGate: "linear_attn.in_proj_z.weight"
        case .deltaBeta: "linear_attn.in_proj_b.weight"
        case .deltaDecay: "linear_attn.in_proj_a.weight"
        case .deltaConvolution: "linear_attn.conv1d.weight"
        case .deltaTimeStepBias: "linear_attn.dt_bias"
        case .deltaDecayLog: "linear_attn.A_log"
        case .deltaNorm: "linear_attn.norm.weight"
        case .deltaOutput: "linear_attn.out_proj.weight"
        }
    }

    func contains(_ tensor: ModelTensor) -> Bool {
        if case .layer(_, .postAttentionNorm) = tensor, !isGemma { return false }
        return name(of: tensor).flatMap(checkpoint.info(named:)) != nil
    }

    func matrix(_ tensor: ModelTensor, rows: Int, columns: Int) throws -> QuantizedMatrix {
        try view(tensor, shape: [rows, columns])
    }

    func vector(_ tensor: ModelTensor, count: Int) throws -> [Float] {
        var values = try view(tensor, shape: [count]).rowArray(0)
        if offsetsNorms && tensor.isNorm {
            for i in values.indices { values[i] += 1 }
        }
        return try finite(values, name(of: tensor) ?? "\(tensor)") { FileFormatError(file: checkpoint.directory.path, problem: $0) }
    }

    private func view(_ tensor: ModelTensor, shape: [Int]) throws -> QuantizedMatrix {
        guard let name = name(of: tensor), let file = checkpoint.file(holding: name),
              let info = file.info(named: name), let bytes = file.bytes(named: name)
        else {
            throw FileFormatError(file: checkpoint.directory.path, problem: "missing tensor '\(name(of: tensor) ?? "\(tensor)")'")
        }
        // The depthwise convolution is stored as [channels, 1, width].
        let stored = tensor.isConvolution && shape.count == 2 ? [shape[0], 1, shape[1]] : shape
        guard info.shape == stored else {
            throw FileFormatError(file: file.path, problem: "tensor '\(name)' has shape \(info.shape), expected \(stored)")
        }
        guard let base = bytes.baseAddress else {
            throw FileFormatError(file: file.path, problem: "tensor '\(name)' is empty")
        }
        let type: GGMLType = switch info.dtype {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        }
        do {
            return try QuantizedMatrix(type: type, rows: shape.count == 2 ? shape[0] : 1, columns: shape.last ?? 0, base: base)
        } catch {
            throw FileFormatError(file: file.path, problem: "tensor '\(name)': \(error)")
        }
    }
}
