/// Input rows and the target rows a link should map them to, row-major.
public struct LinkTrainingSet: Sendable {
    public let inputSize: Int
    public let outputSize: Int
    public private(set) var inputs: [Float]
    public private(set) var targets: [Float]

    public var count: Int { inputs.count / inputSize }

    public init(inputSize: Int, outputSize: Int, inputs: [Float], targets: [Float]) throws {
        guard inputSize > 0, outputSize > 0, !inputs.isEmpty, inputs.count.isMultiple(of: inputSize),
              targets.count == inputs.count / inputSize * outputSize
        else {
            throw LinkError("a link training set needs whole rows of \(inputSize) inputs and as many rows of \(outputSize) targets, "
                            + "got \(inputs.count) and \(targets.count) values")
        }
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.inputs = inputs
        self.targets = targets
    }

    /// Inner link data: each hidden state → the model's own input embedding of the token that follows
    /// (as the model sees tokens, so √H-scaled for Gemma 3). `passages`: which pairs to use.
    public static func inner(_ run: ModelTextRun, passages: some Sequence<Int>) throws -> LinkTrainingSet {
        var inputs: [Float] = [], targets: [Float] = []
        for index in passages {
            let passage = run.passages[index]
            inputs += passage.hidden
            for token in passage.tokens { targets += try run.model.tokenEmbedding(token) }
        }
        return try LinkTrainingSet(inputSize: run.hiddenSize, outputSize: run.hiddenSize, inputs: inputs, targets: targets)
    }

    /// Outer link data: the source's inner-linked latent before each of its answer tokens → the target
    /// model's input embedding of the target token that starts at the same byte of the answer. Positions
    /// where the two tokenisations do not both start a token are left out.
    public static func outer(from source: ModelTextRun, inner: LatentMap, to target: ModelTextRun,
                             passages: some Sequence<Int>) throws -> LinkTrainingSet {
        var inputs: [Float] = [], targets: [Float] = []
        for index in passages {
            let (from, to) = (source.passages[index], target.passages[index])
            let targetTokenAt = Dictionary(zip(to.byteStarts, to.tokens), uniquingKeysWith: { first, _ in first })
            let latents = try inner.apply(from.hidden)
            for (row, start) in from.byteStarts.enumerated() {
                guard let token = targetTokenAt[start] else { continue }
                inputs += latents[(row * source.hiddenSize)..<((row + 1) * source.hiddenSize)]
                targets += try target.model.tokenEmbedding(token)
            }
        }
        return try LinkTrainingSet(inputSize: source.hiddenSize, outputSize: target.hiddenSize, inputs: inputs, targets: targets)
    }

    /// The rows at `indices`, in that order.
    func rows(_ indices: ArraySlice<Int>) -> (inputs: [Float], targets: [Float]) {
        var x: [Float] = [], t: [Float] = []
        x.reserveCapacity(indices.count * inputSize)
        t.reserveCapacity(indices.count * outputSize)
        for i in indices {
            x += inputs[(i * inputSize)..<((i + 1) * inputSize)]
            t += targets[(i * outputSize)..<((i + 1) * outputSize)]
        }
        return (x, t)
    }
}
