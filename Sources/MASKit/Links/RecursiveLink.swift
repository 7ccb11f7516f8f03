/// An inner or an outer RecursiveLink.
public enum RecursiveLink: Sendable {
    case inner(InnerLink)
    case outer(OuterLink)

    public enum Kind: String, Sendable, CustomStringConvertible {
        case inner
        case outer

        /// The released type string: `ln_res_adapter` or `outer_ln_res_adapter`.
        public var adapterType: String {
            switch self {
            case .inner: InnerLink.adapterType
            case .outer: OuterLink.adapterType
            }
        }

        public var description: String { rawValue }
    }

    public var kind: Kind {
        switch self {
        case .inner: .inner
        case .outer: .outer
        }
    }

    public var inputSize: Int {
        switch self {
        case .inner(let link): link.hiddenSize
        case .outer(let link): link.inputSize
        }
    }

    public var outputSize: Int {
        switch self {
        case .inner(let link): link.hiddenSize
        case .outer(let link): link.outputSize
        }
    }

    public var parameterCount: Int {
        switch self {
        case .inner(let link): link.parameterCount
        case .outer(let link): link.parameterCount
        }
    }

    /// The parameters under their released key names and shapes.
    public var parameters: [NamedTensor] {
        switch self {
        case .inner(let link): link.parameters
        case .outer(let link): link.parameters
        }
    }

    /// [T, inputSize] → [T, outputSize], row-major.
    public func forward(_ x: [Float]) throws -> [Float] {
        switch self {
        case .inner(let link): try link.forward(x)
        case .outer(let link): try link.forward(x)
        }
    }
}
