/// Freshly initialised (untrained) links, as PyTorch builds the modules before any training: every
/// Linear weight and bias uniform in ±1/√fan_in, every LayerNorm weight 1 and bias 0. Seeded, so the
/// same seed gives the same link everywhere.
extension InnerLink {
    public static func freshlyInitialised(hiddenSize: Int, seed: UInt64) throws -> InnerLink {
        var random = SeededRandom(seed: seed)
        return try InnerLink(hiddenSize: hiddenSize,
                             parameters: LinkInitialization.values(for: parameterShapes(hiddenSize: hiddenSize),
                                                                   random: &random))
    }
}

extension OuterLink {
    public static func freshlyInitialised(inputSize: Int, outputSize: Int, seed: UInt64) throws -> OuterLink {
        var random = SeededRandom(seed: seed)
        let shapes = parameterShapes(inputSize: inputSize, outputSize: outputSize)
        return try OuterLink(inputSize: inputSize, outputSize: outputSize,
                             parameters: LinkInitialization.values(for: shapes, random: &random))
    }
}

enum LinkInitialization {
    /// Values for the released parameter names: `*_ln.*` / `ln_*` are LayerNorms, the rest Linears.
    static func values(for shapes: [(name: String, shape: [Int])], random: inout SeededRandom) -> [String: [Float]] {
        let fanIn = Dictionary(shapes.filter { $0.name.hasSuffix(".weight") && $0.shape.count == 2 }
            .map { (String($0.name.dropLast(".weight".count)), $0.shape[1]) }, uniquingKeysWith: { a, _ in a })
        var values: [String: [Float]] = [:]
        for (name, shape) in shapes {
            let count = shape.reduce(1, *)
            let module = String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
            if let inputs = fanIn[module] {
                let bound = 1 / Double(inputs).squareRoot()
                values[name] = (0..<count).map { _ in Float((random.nextUnit() * 2 - 1) * bound) }
            } else {
                values[name] = [Float](repeating: name.hasSuffix(".weight") ? 1 : 0, count: count)
            }
        }
        return values
    }
}
