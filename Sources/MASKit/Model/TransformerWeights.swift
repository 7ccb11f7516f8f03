/// The weights of one transformer layer: matrices stay quantised in the mapped file, the small norm and
/// bias vectors are copied to f32.
struct LayerWeights: @unchecked Sendable {
    let attentionNorm: [Float]
    let query, key, value, attentionOutput: QuantizedMatrix
    let queryBias, keyBias, valueBias: [Float]?
    /// Per-head RMSNorm of queries and keys (Qwen 3, Gemma 3).
    let queryNorm, keyNorm: [Float]?
    /// Gemma 3 normalises each block's output before adding it to the residual stream.
    let postAttentionNorm: [Float]?
    let feedForwardNorm: [Float]
    let gate, up, down: QuantizedMatrix
    let postFeedForwardNorm: [Float]?
}

/// Every weight of a model, as views into its GGUF file (which must outlive them).
struct TransformerWeights: @unchecked Sendable {
    let tokenEmbedding: QuantizedMatrix
    let layers: [LayerWeights]
    let outputNorm: [Float]
    /// The LM head; the token embedding when the model ties them.
    let output: QuantizedMatrix
    /// Llama 3's per-pair RoPE frequency divisors, when the file has them.
    let ropeFrequencyFactors: [Float]?

    init(gguf file: GGUFFile, config: TransformerConfig) throws {
        let loader = TensorLoader(file: file)
        let h = config.hiddenSize
        let qWidth = config.headCount * config.headDim
        let kvWidth = config.kvHeadCount * config.headDim
        tokenEmbedding = try loader.matrix("token_embd.weight", rows: config.vocabularySize, columns: h)
        layers = try (0..<config.layerCount).map { i in
            let name = { (suffix: String) in "blk.\(i).\(suffix)" }
            return LayerWeights(
                attentionNorm: try loader.vector(name("attn_norm.weight"), count: h),
                query: try loader.matrix(name("attn_q.weight"), rows: qWidth, columns: h),
                key: try loader.matrix(name("attn_k.weight"), rows: kvWidth, columns: h),
                value: try loader.matrix(name("attn_v.weight"), rows: kvWidth, columns: h),
                attentionOutput: try loader.matrix(name("attn_output.weight"), rows: h, columns: qWidth),
                queryBias: try loader.optionalVector(name("attn_q.bias"), count: qWidth),
                keyBias: try loader.optionalVector(name("attn_k.bias"), count: kvWidth),
                valueBias: try loader.optionalVector(name("attn_v.bias"), count: kvWidth),
                queryNorm: try loader.optionalVector(name("attn_q_norm.weight"), count: config.headDim),
                keyNorm: try loader.optionalVector(name("attn_k_norm.weight"), count: config.headDim),
                postAttentionNorm: try loader.optionalVector(name("post_attention_norm.weight"), count: h),
                feedForwardNorm: try loader.vector(name("ffn_norm.weight"), count: h),
                gate: try loader.matrix(name("ffn_gate.weight"), rows: config.feedForwardSize, columns: h),
                up: try loader.matrix(name("ffn_up.weight"), rows: config.feedForwardSize, columns: h),
                down: try loader.matrix(name("ffn_down.weight"), rows: h, columns: config.feedForwardSize),
                postFeedForwardNorm: try loader.optionalVector(name("post_ffw_norm.weight"), count: h))
        }
        outputNorm = try loader.vector("output_norm.weight", count: h)
        output = file.tensor(named: "output.weight") == nil
            ? tokenEmbedding
            : try loader.matrix("output.weight", rows: config.vocabularySize, columns: h)
        ropeFrequencyFactors = try loader.optionalVector("rope_freqs.weight", count: config.ropeDimensions / 2)
    }
}

/// Looks tensors up by name and checks their shapes, with errors naming the file and the tensor.
private struct TensorLoader {
    let file: GGUFFile

    func matrix(_ name: String, rows: Int, columns: Int) throws -> QuantizedMatrix {
        let info = try file.requiredTensor(named: name)
        guard info.shape == [columns, rows] else {
            throw file.error("tensor '\(name)' has shape \(info.shape), expected [\(columns), \(rows)]")
        }
        return try view(info, rows: rows, columns: columns)
    }

    func vector(_ name: String, count: Int) throws -> [Float] {
        let info = try file.requiredTensor(named: name)
        guard info.shape == [count] else {
            throw file.error("tensor '\(name)' has shape \(info.shape), expected [\(count)]")
        }
        let row = try view(info, rows: 1, columns: count)
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            row.dequantizeRow(0, into: buffer.baseAddress!)
            initialized = count
        }
    }

    func optionalVector(_ name: String, count: Int) throws -> [Float]? {
        file.tensor(named: name) == nil ? nil : try vector(name, count: count)
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
