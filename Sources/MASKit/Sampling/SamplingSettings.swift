/// How the next token is chosen from the logits, with Hugging Face's meaning for each knob.
public struct SamplingSettings: Sendable, Hashable, Codable {
    /// 0 means greedy (argmax).
    public var temperature: Float
    /// Keep only the k most likely tokens; 0 disables.
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches topP; 1 disables.
    public var topP: Float
    /// Drop tokens less likely than minP × the most likely one; 0 disables.
    public var minP: Float
    /// Previously seen tokens' logits are divided by it when positive, multiplied when negative; 1 disables.
    public var repetitionPenalty: Float
    public var seed: UInt64

    public init(temperature: Float = 1, topK: Int = 0, topP: Float = 1, minP: Float = 0,
                repetitionPenalty: Float = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.seed = seed
    }

    public static let greedy = SamplingSettings(temperature: 0)

    /// Throws the first setting outside its range.
    public func validate() throws(SamplingError) {
        guard temperature.isFinite, temperature >= 0 else { throw .invalidSetting("temperature \(temperature) must be ≥ 0") }
        guard topK >= 0 else { throw .invalidSetting("top_k \(topK) must be ≥ 0") }
        guard topP > 0, topP <= 1 else { throw .invalidSetting("top_p \(topP) must be in (0, 1]") }
        guard minP >= 0, minP <= 1 else { throw .invalidSetting("min_p \(minP) must be in [0, 1]") }
        guard repetitionPenalty.isFinite, repetitionPenalty > 0 else {
            throw .invalidSetting("repetition_penalty \(repetitionPenalty) must be > 0")
        }
    }
}

public enum SamplingError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidSetting(String)
    case noFiniteLogits

    public var description: String {
        switch self {
        case .invalidSetting(let problem): "invalid sampling setting: \(problem)"
        case .noFiniteLogits: "cannot sample: the logits are empty or all NaN/−∞"
        }
    }
}
