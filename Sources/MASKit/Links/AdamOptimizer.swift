import Foundation

/// Adam (Kingma & Ba) over one flat parameter vector: β1 0.9, β2 0.999, ε 1e-8, bias-corrected.
struct AdamOptimizer {
    private var firstMoment: [Float]
    private var secondMoment: [Float]
    private var steps = 0
    let beta1: Float = 0.9
    let beta2: Float = 0.999
    let epsilon: Float = 1e-8

    init(parameterCount: Int) {
        firstMoment = [Float](repeating: 0, count: parameterCount)
        secondMoment = firstMoment
    }

    mutating func update(_ parameters: inout [Float], gradients: [Float], learningRate: Float) {
        steps += 1
        let correction1 = 1 - pow(beta1, Float(steps))
        let correction2 = 1 - pow(beta2, Float(steps))
        let stepSize = learningRate / correction1
        for i in parameters.indices {
            let g = gradients[i]
            firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g
            secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g
            parameters[i] -= stepSize * firstMoment[i] / ((secondMoment[i] / correction2).squareRoot() + epsilon)
        }
    }
}
