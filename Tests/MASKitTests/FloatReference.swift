import Foundation
import MASKit
import Testing

/// A float32 numpy forward pass on the dequantised GGUF weights (Tests/Fixtures/float/*.json, made by
/// scripts/reference/float_reference.py), and how far our engine's run of the same tokens lies from it.
struct FloatReferenceCase: Decodable {
    let name: String
    let input_ids: [Int32]
    let hidden_norms_per_position: [Float]
    let last_logits_top10_ids: [Int32]
    let last_logits_top10_values: [Float]

    static func all(_ model: String) throws -> [FloatReferenceCase] {
        struct Fixture: Decodable { let cases: [FloatReferenceCase] }
        let url = TestSupport.fixture("float/\(model).json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url)).cases
    }

    static func norm(_ v: [Float]) -> Float { Float(v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) }

    /// Relative hidden-norm differences per position, the largest logit difference over the reference's top 10,
    /// and our top token.
    func distance(_ model: LanguageModel) throws -> (norms: [Float], logit: Float, top: Int32) {
        let output = try ModelContext(model: model).prefill(tokens: input_ids, allHiddenStates: true)
        let norms = try #require(output.hiddenStates).map(Self.norm)
        let logits = try #require(output.logits)
        let differences = zip(norms, hidden_norms_per_position).map { abs($0 - $1) / $1 }
        let logit = zip(last_logits_top10_ids, last_logits_top10_values).map { abs(logits[Int($0)] - $1) }.max() ?? 0
        print("\(name): hidden norms off by up to \(differences.max() ?? 0) (mean \(differences.reduce(0, +) / Float(differences.count)), last \(differences.last ?? 0)), top-10 logits by up to \(logit)")
        return (differences, logit, LlamaCppCase.argmax(logits))
    }
}
