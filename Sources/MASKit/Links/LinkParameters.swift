/// A link's parameters by released key name, checked against the shapes the link needs.
struct LinkParameters {
    let values: [String: [Float]]

    init(_ values: [String: [Float]], shapes: [(name: String, shape: [Int])], link: String) throws {
        let expected = Set(shapes.map(\.name))
        if let extra = values.keys.filter({ !expected.contains($0) }).sorted().first {
            throw LinkError("\(link) has no parameter named '\(extra)'")
        }
        for (name, shape) in shapes {
            guard let array = values[name] else { throw LinkError("\(link) needs parameter '\(name)'") }
            guard array.count == TensorInfo.elementCount(of: shape) else {
                throw LinkError("\(link) parameter '\(name)' has \(array.count) values, which do not fill shape \(shape)")
            }
        }
        self.values = values
    }

    subscript(name: String) -> [Float] { values[name] ?? [] }

    func linear(_ prefix: String) -> LinkLinear {
        let bias = self[prefix + ".bias"]
        let weight = self[prefix + ".weight"]
        return LinkLinear(weight: weight, bias: bias, inputSize: bias.isEmpty ? 0 : weight.count / bias.count)
    }

    func layerNorm(_ prefix: String) -> LinkLayerNorm {
        LinkLayerNorm(weight: self[prefix + ".weight"], bias: self[prefix + ".bias"])
    }

    static func named(_ values: [String: [Float]], shapes: [(name: String, shape: [Int])]) -> [NamedTensor] {
        shapes.map { NamedTensor(name: $0.name, shape: $0.shape, values: values[$0.name] ?? []) }
    }
}
