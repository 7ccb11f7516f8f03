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

/// Every weight of a model, as views into storage its `WeightSource` keeps alive (which must outlive them).
struct TransformerWeights: @unchecked Sendable {
    let tokenEmbedding: QuantizedMatrix
    let layers: [LayerWeights]
    let outputNorm: [Float]
    /// The LM head; the token embedding when the model ties them.
    let output: QuantizedMatrix
    /// Llama 3's per-pair RoPE frequency divisors, when the file has them.
    let ropeFrequencyFactors: [Float]?

    /// Reads every weight the configuration needs. Tensors that only some members of an architecture family
    /// have (biases, q/k norms, post-norms) are required where the architecture always has them and read
    /// when present otherwise.
    init(source: WeightSource, config c: TransformerConfig) throws {
        let h = c.hiddenSize, f = c.feedForwardSize
        let qWidth = c.headCount * c.headDim, kvWidth = c.kvHeadCount * c.headDim
        let needsBias = c.architecture == .qwen2
        let needsHeadNorms = c.architecture == .qwen3 || c.architecture == .gemma3
        let needsPostNorms = c.architecture == .gemma3
        tokenEmbedding = try source.matrix(.tokenEmbedding, rows: c.vocabularySize, columns: h)
        layers = try (0..<c.layerCount).map { i in
            func matrix(_ part: LayerTensor, _ rows: Int, _ columns: Int) throws -> QuantizedMatrix {
                try source.matrix(.layer(i, part), rows: rows, columns: columns)
            }
            func vector(_ part: LayerTensor, _ count: Int, required: Bool = true) throws -> [Float]? {
                try source.vector(.layer(i, part), count: count, required: required)
            }
            return LayerWeights(
                attentionNorm: try source.vector(.layer(i, .attentionNorm), count: h),
                query: try matrix(.query, qWidth, h),
                key: try matrix(.key, kvWidth, h),
                value: try matrix(.value, kvWidth, h),
                attentionOutput: try matrix(.attentionOutput, h, qWidth),
                queryBias: try vector(.queryBias, qWidth, required: needsBias),
                keyBias: try vector(.keyBias, kvWidth, required: needsBias),
                valueBias: try vector(.valueBias, kvWidth, required: needsBias),
                queryNorm: try vector(.queryNorm, c.headDim, required: needsHeadNorms),
                keyNorm: try vector(.keyNorm, c.headDim, required: needsHeadNorms),
                postAttentionNorm: try vector(.postAttentionNorm, h, required: needsPostNorms),
                feedForwardNorm: try source.vector(.layer(i, .feedForwardNorm), count: h),
                gate: try matrix(.gate, f, h),
                up: try matrix(.up, f, h),
                down: try matrix(.down, h, f),
                postFeedForwardNorm: try vector(.postFeedForwardNorm, h, required: needsPostNorms))
        }
        outputNorm = try source.vector(.outputNorm, count: h)
        output = c.tiesOutputToEmbedding
            ? tokenEmbedding
            : try source.matrix(.output, rows: c.vocabularySize, columns: h)
        ropeFrequencyFactors = try source.vector(.ropeFrequencies, count: c.ropeDimensions / 2, required: false)
    }
}
