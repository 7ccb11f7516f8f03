import Foundation

/// How a model stretches RoPE to a longer context than it was trained on, as per-pair frequency divisors.
public enum RoPEScaling: Sendable, Equatable {
    /// Every frequency divided by `factor` (position interpolation).
    case linear(factor: Float)
    /// Llama 3.1's scaling: low frequencies (wavelength above originalContextLength / lowFrequencyFactor)
    /// divided by `factor`, high ones (below originalContextLength / highFrequencyFactor) kept, and a smooth
    /// blend in between.
    case llama3(factor: Float, lowFrequencyFactor: Float, highFrequencyFactor: Float, originalContextLength: Int)

    /// The divisor of each standard frequency base^(−2i/dimensions).
    public func frequencyFactors(dimensions: Int, base: Double) -> [Double] {
        (0..<dimensions / 2).map { i in
            let frequency = 1 / pow(base, Double(2 * i) / Double(dimensions))
            switch self {
            case .linear(let factor):
                return Double(factor)
            case let .llama3(factor, low, high, original):
                let wavelength = 2 * Double.pi / frequency
                let context = Double(original)
                if wavelength < context / Double(high) { return 1 }
                if wavelength > context / Double(low) { return Double(factor) }
                let smooth = (context / wavelength - Double(low)) / Double(high - low)
                return 1 / ((1 - smooth) / Double(factor) + smooth)
            }
        }
    }
}
