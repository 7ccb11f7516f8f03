import Foundation

/// Signs that a latent rollout stopped thinking: latents that barely change from step to step, or that
/// all sit nearest the same receiver token. Either makes a hop carry one thought T times over.
public enum LatentCollapse {
    /// Mean cosine between consecutive handed-off latents above which a hop counts as collapsed.
    public static let stepCosineLimit: Float = 0.99
    /// Share of steps whose nearest receiver token is the same one, at or above which a hop counts as collapsed.
    public static let repeatedPeekShare = 0.9
    /// Fewer steps than this say too little to call a collapse.
    public static let minimumSteps = 4

    /// The cosine of two vectors of one size; 0 when either is zero.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Double = 0, aa: Double = 0, bb: Double = 0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            aa += Double(x) * Double(x)
            bb += Double(y) * Double(y)
        }
        return aa > 0 && bb > 0 ? Float(dot / (aa.squareRoot() * bb.squareRoot())) : 0
    }

    /// Why the hop's latents look collapsed, or nil.
    public static func diagnosis(perStep: [HopStep], peek: [[NearestToken]]?) -> String? {
        guard perStep.count >= minimumSteps else { return nil }
        let cosines = perStep.compactMap(\.stepCosine)
        if !cosines.isEmpty {
            let mean = cosines.reduce(0, +) / Float(cosines.count)
            if mean > stepCosineLimit {
                return "consecutive latents are nearly identical (mean cosine \(String(format: "%.3f", mean)) over \(perStep.count) steps)"
            }
        }
        let nearest = (peek ?? []).compactMap { $0.first?.tokenId }
        if nearest.count >= minimumSteps,
           let (token, count) = Dictionary(grouping: nearest, by: { $0 }).mapValues(\.count).max(by: { $0.value < $1.value }),
           Double(count) >= repeatedPeekShare * Double(nearest.count) {
            let text = peek?.lazy.compactMap(\.first).first { $0.tokenId == token }?.text ?? "\(token)"
            return "\(count) of \(nearest.count) latents are nearest the same token \(text.debugDescription)"
        }
        return nil
    }
}
