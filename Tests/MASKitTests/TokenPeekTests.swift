import Foundation
import MASKit
import Testing

/// The peek against numpy's cosine similarities over the SmolLM2 embedding matrix as the `gguf` package
/// dequantises it (scripts/reference/peek_reference.py).
@Suite struct TokenPeekTests {
    struct Reference: Decodable {
        struct Case: Decodable {
            let vector: [Float]
            let top_ids: [Int]
            let top_cosines: [Float]
        }

        let cases: [Case]
    }

    @Test func nearestTokensMatchNumpy() throws {
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(contentsOf: TestSupport.fixture("recursion/peek_smollm2.json")))
        let text = try TextModel(url: try TestSupport.model(.smolLM2))
        let peek = TokenPeek(model: text.model, tokenizer: text.tokenizer)
        let found = try peek.nearest(to: reference.cases.map(\.vector), count: 5)
        for (tokens, expected) in zip(found, reference.cases) {
            #expect(tokens.count == 5)
            let fifth = expected.top_cosines[4]
            for token in tokens {
                // Every token found is among the reference's best (near-ties may swap), with its cosine.
                let index = try #require(expected.top_ids.firstIndex(of: token.tokenId), "token \(token.tokenId) not in \(expected.top_ids)")
                #expect(abs(token.cosine - expected.top_cosines[index]) <= 1e-3)
                #expect(expected.top_cosines[index] >= fifth - 2e-3)
                #expect(token.text == String(decoding: try text.tokenizer.pieceBytes(Int32(token.tokenId), special: true), as: UTF8.self))
            }
            #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0.cosine >= $1.cosine })
        }
        // A token's own embedding is nearest to itself.
        #expect(found[0].first?.tokenId == 100)
        #expect(try peek.nearest(to: [[Float](repeating: 0, count: text.model.hiddenSize)], count: 5) == [[]])
        #expect(throws: ModelError.embeddingSize(3, expected: text.model.hiddenSize)) {
            try peek.nearest(to: [[1, 2, 3]], count: 5)
        }
    }

    /// The receiver embedding norm of hop events against PyTorch's mean over the embedding rows (unscaled,
    /// and ×√H as Gemma 3 sees its tokens).
    @Test(arguments: ["llama", "gemma3"])
    func meanEmbeddingNormMatchesPyTorch(_ arch: String) throws {
        struct Expected: Decodable { let mean_token_embedding_norm: Float }
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: TestSupport.fixture("hf-tiny/\(arch)/expected.json")))
        let model = try LanguageModel(url: TestSupport.fixture("hf-tiny/\(arch)"))
        let rows = model.tokenEmbeddingNorms()
        #expect(rows.count == model.vocabularySize)
        let mean = expected.mean_token_embedding_norm
        #expect(abs(model.meanTokenEmbeddingNorm(scaled: false) - mean) <= 1e-4 * mean)
        let scale = arch == "gemma3" ? Float(model.hiddenSize).squareRoot() : 1
        #expect(abs(model.meanTokenEmbeddingNorm() - mean * scale) <= 1e-4 * mean * scale)
    }
}
