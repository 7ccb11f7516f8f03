/// What a latent looks like to its receiver: the receiver-vocabulary tokens whose input embeddings are
/// nearest to it by cosine similarity. One product of the latents with the embedding matrix; the
/// rows' norms are the model's cached ones. Cosine ignores Gemma's √H scaling of token embeddings.
public struct TokenPeek: Sendable {
    public let model: LanguageModel
    public let tokenizer: any Tokenizer
    /// L2 norm of every stored token-embedding row.
    public let rowNorms: [Float]

    public init(model: LanguageModel, tokenizer: any Tokenizer) {
        self.model = model
        self.tokenizer = tokenizer
        rowNorms = model.tokenEmbeddingNorms()
    }

    /// The `count` nearest tokens to each vector, most similar first. Tokens the tokenizer does not
    /// know (padding rows of the embedding matrix) and all-zero rows are left out.
    public func nearest(to vectors: [[Float]], count: Int) throws -> [[NearestToken]] {
        let h = model.hiddenSize
        if let bad = vectors.first(where: { $0.count != h }) { throw ModelError.embeddingSize(bad.count, expected: h) }
        guard count > 0, !vectors.isEmpty else { return vectors.map { _ in [] } }
        let vocabulary = model.vocabularySize
        let known = min(vocabulary, tokenizer.vocabularySize)
        var products = [Float](repeating: 0, count: vectors.count * vocabulary)
        let flat = vectors.flatMap { $0 }
        flat.withUnsafeBufferPointer { x in
            products.withUnsafeMutableBufferPointer { y in
                model.transformer.weights.tokenEmbedding.matmul(x.baseAddress!, count: vectors.count, into: y.baseAddress!,
                                                                pool: model.transformer.pool)
            }
        }
        return try vectors.indices.map { row in
            let norm = LatentRollout.norm(vectors[row])
            guard norm > 0 else { return [] }
            var best: [(id: Int, cosine: Float)] = []
            let base = row * vocabulary
            for id in 0..<known where rowNorms[id] > 0 {
                let cosine = products[base + id] / (rowNorms[id] * norm)
                guard best.count < count || cosine > best[best.count - 1].cosine else { continue }
                let at = best.firstIndex { cosine > $0.cosine } ?? best.count
                best.insert((id, cosine), at: at)
                if best.count > count { best.removeLast() }
            }
            return try best.map { id, cosine in
                NearestToken(tokenId: id, text: String(decoding: try tokenizer.pieceBytes(Int32(id), special: true), as: UTF8.self),
                             cosine: cosine)
            }
        }
    }
}
