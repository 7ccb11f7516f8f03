import Foundation

/// Every weight of a model, as views into storage its `WeightSource` keeps alive (which must outlive them),
/// assembled into the blocks of each layer's kind.
struct TransformerWeights: @unchecked Sendable {
    let tokenEmbedding: QuantizedMatrix
    let layers: [DecoderLayer]
    let outputNorm: [Float]
    /// The LM head; the token embedding when the model ties them.
    let output: QuantizedMatrix
    /// The rotations of the global and the local (sliding) layers.
    let globalRope, localRope: any PositionRotation

    /// Reads every weight the configuration needs. Tensors that only some members of an architecture family
    /// have (biases, q/k norms, post-norms) are required where the architecture always has them and read
    /// when present otherwise.
    init(source: WeightSource, config c: TransformerConfig, arithmetic: any ForwardArithmetic) throws {
        let h = c.hiddenSize, f = c.feedForwardSize
        // Llama 3's per-pair RoPE frequency divisors come as a tensor in GGUF files, from the config otherwise.
        let factors = try source.vector(.ropeFrequencies, count: c.ropeDimensions / 2, required: false)?.map(Double.init)
            ?? c.ropeScaling?.frequencyFactors(dimensions: c.ropeDimensions, base: Double(c.ropeBase))
        globalRope = arithmetic.rotaryEmbedding(dimensions: c.ropeDimensions, base: c.ropeBase, layout: c.ropeLayout,
                                                frequencyFactors: factors)
        localRope = arithmetic.rotaryEmbedding(dimensions: c.ropeDimensions, base: c.localRopeBase, layout: c.ropeLayout,
                                               frequencyFactors: nil)
        tokenEmbedding = try source.matrix(.tokenEmbedding, rows: c.vocabularySize, columns: h)
        let needsPostNorms = c.architecture == .gemma3
        var deltaNetSlots = 0
        var layers: [DecoderLayer] = []
        for i in 0..<c.layerCount {
            let reader = LayerReader(source: source, index: i)
            let mixer: any TokenMixer
            if c.layerKinds[i] == .linearAttention, let shape = c.deltaNet {
                mixer = try DeltaNetBlock(reader: reader, shape: shape, hiddenSize: h, slot: deltaNetSlots,
                                       normEpsilon: c.normEpsilon)
                deltaNetSlots += 1
            } else {
                let local = c.isLocal(layer: i)
                mixer = try AttentionBlock(reader: reader, config: c, rope: local ? localRope : globalRope, local: local)
            }
            layers.append(DecoderLayer(
                inputNorm: try reader.vector(.attentionNorm, h),
                mixer: mixer,
                postMixerNorm: try reader.vector(.postAttentionNorm, h, required: needsPostNorms),
                feedForward: FeedForwardBlock(
                    norm: try reader.vector(.feedForwardNorm, h),
                    gate: try reader.matrix(.gate, f, h),
                    up: try reader.matrix(.up, f, h),
                    down: try reader.matrix(.down, h, f),
                    postNorm: try reader.vector(.postFeedForwardNorm, h, required: needsPostNorms))))
        }
        self.layers = layers
        outputNorm = try source.vector(.outputNorm, count: h)
        output = c.tiesOutputToEmbedding
            ? tokenEmbedding
            : try source.matrix(.output, rows: c.vocabularySize, columns: h)
    }
}

/// The tensors of one layer.
struct LayerReader {
    let source: WeightSource
    let index: Int

    func matrix(_ part: LayerTensor, _ rows: Int, _ columns: Int) throws -> QuantizedMatrix {
        try source.matrix(.layer(index, part), rows: rows, columns: columns)
    }

    func vector(_ part: LayerTensor, _ count: Int) throws -> [Float] {
        try source.vector(.layer(index, part), count: count)
    }

    func vector(_ part: LayerTensor, _ count: Int, required: Bool) throws -> [Float]? {
        try source.vector(.layer(index, part), count: count, required: required)
    }
}

extension AttentionBlock {
    init(reader: LayerReader, config c: TransformerConfig, rope: any PositionRotation, local: Bool) throws {
        let h = c.hiddenSize, qWidth = c.headCount * c.headDim, kvWidth = c.kvHeadCount * c.headDim
        let needsBias = c.architecture == .qwen2
        let needsHeadNorms = [.qwen3, .gemma3, .qwen3_5].contains(c.architecture)
        self.init(layer: reader.index,
                  query: try reader.matrix(.query, c.gatesAttentionOutput ? 2 * qWidth : qWidth, h),
                  key: try reader.matrix(.key, kvWidth, h),
                  value: try reader.matrix(.value, kvWidth, h),
                  output: try reader.matrix(.attentionOutput, h, qWidth),
                  queryBias: try reader.vector(.queryBias, qWidth, required: needsBias),
                  keyBias: try reader.vector(.keyBias, kvWidth, required: needsBias),
                  valueBias: try reader.vector(.valueBias, kvWidth, required: needsBias),
                  queryNorm: try reader.vector(.queryNorm, c.headDim, required: needsHeadNorms),
                  keyNorm: try reader.vector(.keyNorm, c.headDim, required: needsHeadNorms),
                  gatesOutput: c.gatesAttentionOutput,
                  window: local ? c.slidingWindow : nil,
                  rope: rope, rotatesLocally: local)
    }
}
