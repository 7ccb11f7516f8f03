import Foundation

/// How a link is fitted. The same settings and data give the same link, byte for byte.
public struct LinkFitSettings: Sendable, Hashable {
    public var seed: UInt64
    /// Passes of Adam over the training rows after the least-squares start (0: the start alone).
    public var epochs: Int
    public var batchSize: Int
    /// Adam's step size, decayed along a cosine to a tenth of it.
    public var learningRate: Float
    /// Ridge strength of the least-squares start, relative to the Gram matrix's mean diagonal.
    public var ridge: Double
    /// Share of the question–answer pairs held out to measure fit quality.
    public var heldOutFraction: Double

    public init(seed: UInt64 = 1, epochs: Int = 6, batchSize: Int = 256, learningRate: Float = 1e-3,
                ridge: Double = 1e-2, heldOutFraction: Double = 0.15) {
        self.seed = seed
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.ridge = ridge
        self.heldOutFraction = heldOutFraction
    }

    func validate() throws {
        guard epochs >= 0, batchSize > 0, learningRate > 0, ridge > 0, heldOutFraction > 0, heldOutFraction < 1 else {
            throw LinkError("link fitting needs epochs ≥ 0, batch size > 0, learning rate > 0, ridge > 0 and a held-out share in (0, 1)")
        }
    }

    /// Identifies the settings in a fitted file's metadata.
    public var summary: String {
        "seed=\(seed) epochs=\(epochs) batch=\(batchSize) lr=\(learningRate) ridge=\(ridge) heldout=\(heldOutFraction)"
    }
}

/// How well a link maps held-out rows onto their targets.
public struct LinkFitQuality: Sendable, Hashable {
    /// Mean over rows of the cosine similarity between output and target.
    public var cosine: Double
    public var meanSquaredError: Double

    /// `link`'s outputs on `data` compared with its targets.
    public init(of link: LatentMap, on data: LinkTrainingSet) throws {
        let outputs = try link.apply(data.inputs)
        let d = data.outputSize
        var cosines = 0.0, squares = 0.0
        for r in 0..<data.count {
            var (dot, yy, tt) = (0.0, 0.0, 0.0)
            for j in 0..<d {
                let (y, t) = (Double(outputs[r * d + j]), Double(data.targets[r * d + j]))
                dot += y * t; yy += y * y; tt += t * t
                squares += (y - t) * (y - t)
            }
            cosines += yy > 0 && tt > 0 ? dot / (yy * tt).squareRoot() : 0
        }
        cosine = cosines / Double(data.count)
        meanSquaredError = squares / Double(data.count * d)
    }
}

public struct LinkFitReport: Sendable {
    public var trainingRows: Int
    public var heldOutRows: Int
    /// The freshly initialised link fitting starts from (what presets use until links are fitted).
    public var untrained: LinkFitQuality
    /// The identity map, when input and output sizes agree.
    public var identity: LinkFitQuality?
    /// After the least-squares start.
    public var leastSquares: LinkFitQuality
    public var fitted: LinkFitQuality
    public var seconds: Double
}

/// Progress of one fit: Adam steps done out of all of them.
public struct LinkFitProgress: Sendable {
    public var step: Int
    public var steps: Int
    /// Mean training loss of the latest batch.
    public var loss: Double
}

/// Fits a RecursiveLink to a training set on the CPU: seeded PyTorch-style initialisation, a closed-form
/// least-squares start, then Adam on the mean-squared error over shuffled mini-batches.
public enum LinkFitter {
    public static func fit(_ kind: RecursiveLink.Kind, training: LinkTrainingSet, heldOut: LinkTrainingSet,
                           settings: LinkFitSettings = LinkFitSettings(), pool: WorkerPool = .shared,
                           progress: (LinkFitProgress) -> Void = { _ in }) throws -> (link: RecursiveLink, report: LinkFitReport) {
        try settings.validate()
        let (din, dout) = (training.inputSize, training.outputSize)
        guard heldOut.inputSize == din, heldOut.outputSize == dout else {
            throw LinkError("held-out rows are \(heldOut.inputSize) → \(heldOut.outputSize) but training rows \(din) → \(dout)")
        }
        let started = Date()
        let untrained: RecursiveLink
        switch kind {
        case .inner:
            guard din == dout else { throw LinkError("an inner link maps H → H, not \(din) → \(dout)") }
            untrained = .inner(try InnerLink.freshlyInitialised(hiddenSize: din, seed: settings.seed))
        case .outer:
            untrained = .outer(try OuterLink.freshlyInitialised(inputSize: din, outputSize: dout, seed: settings.seed))
        }
        var trainable = TrainableLink(untrained)
        try LinkLeastSquares.initialise(&trainable, on: training, ridge: settings.ridge)
        let start = try trainable.link()

        var optimizer = AdamOptimizer(parameterCount: trainable.parameters.count)
        var random = SeededRandom(seed: settings.seed ^ 0x4241_5443_4845_5321)
        let batchesPerEpoch = (training.count + settings.batchSize - 1) / settings.batchSize
        let steps = settings.epochs * batchesPerEpoch
        var step = 0
        for _ in 0..<settings.epochs {
            let order = random.permutation(training.count)
            for first in stride(from: 0, to: order.count, by: settings.batchSize) {
                let batch = order[first..<min(first + settings.batchSize, order.count)]
                let (x, t) = training.rows(batch)
                let (loss, gradients) = try trainable.lossAndGradients(inputs: x, targets: t, rows: batch.count, pool: pool)
                let progressAlong = Float(step) / Float(max(steps, 1))
                let rate = settings.learningRate * (0.1 + 0.45 * (1 + cos(Float.pi * progressAlong)))
                optimizer.update(&trainable.parameters, gradients: gradients, learningRate: rate)
                step += 1
                progress(LinkFitProgress(step: step, steps: steps, loss: loss))
            }
        }
        let fitted = try trainable.link()
        let report = LinkFitReport(
            trainingRows: training.count, heldOutRows: heldOut.count,
            untrained: try LinkFitQuality(of: .link(untrained), on: heldOut),
            identity: din == dout ? try LinkFitQuality(of: .identity(size: din), on: heldOut) : nil,
            leastSquares: try LinkFitQuality(of: .link(start), on: heldOut),
            fitted: try LinkFitQuality(of: .link(fitted), on: heldOut),
            seconds: Date().timeIntervalSince(started))
        return (fitted, report)
    }
}
