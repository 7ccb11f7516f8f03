/// The outer RecursiveLink (`outer_ln_res_adapter`, spec §1.2): Din → Dout through width 2·Dout,
/// y = ln_target(proj2(GELU(proj1(ln_source(x)))) + residual_proj(x)). Weights are held as f32.
public struct OuterLink: Sendable {
    /// The type string of the outer-link manifests.
    public static let adapterType = "outer_ln_res_adapter"

    /// Din: the source agent's hidden size.
    public let inputSize: Int
    /// Dout: the target agent's hidden size.
    public let outputSize: Int
    private let values: [String: [Float]]
    private let body: ResidualLinkBody

    /// The released state-dict keys and their shapes for Din → Dout.
    public static func parameterShapes(inputSize din: Int, outputSize dout: Int) -> [(name: String, shape: [Int])] {
        [("proj1.weight", [2 * dout, din]), ("proj1.bias", [2 * dout]),
         ("proj2.weight", [dout, 2 * dout]), ("proj2.bias", [dout]),
         ("ln_source.weight", [din]), ("ln_source.bias", [din]),
         ("ln_target.weight", [dout]), ("ln_target.bias", [dout]),
         ("residual_proj.weight", [dout, din]), ("residual_proj.bias", [dout])]
    }

    /// Builds the link from row-major values keyed by the released names; throws on missing, extra or mis-sized ones.
    public init(inputSize: Int, outputSize: Int, parameters: [String: [Float]]) throws {
        guard inputSize > 0, outputSize > 0 else {
            throw LinkError("outer link sizes must be positive, not \(inputSize) → \(outputSize)")
        }
        let checked = try LinkParameters(parameters, shapes: Self.parameterShapes(inputSize: inputSize, outputSize: outputSize),
                                         link: "outer link")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.values = checked.values
        self.body = ResidualLinkBody(inputNorm: checked.layerNorm("ln_source"), expand: checked.linear("proj1"),
                                     contract: checked.linear("proj2"), residual: checked.linear("residual_proj"),
                                     outputNorm: checked.layerNorm("ln_target"))
    }

    /// The parameters under their released names and shapes, in released order (for saving and fitting).
    public var parameters: [NamedTensor] {
        LinkParameters.named(values, shapes: Self.parameterShapes(inputSize: inputSize, outputSize: outputSize))
    }

    /// 3·Din·Dout + 2·Dout² + 2·Din + 6·Dout.
    public var parameterCount: Int {
        3 * inputSize * outputSize + 2 * outputSize * outputSize + 2 * inputSize + 6 * outputSize
    }

    /// Applies the link to T row-major Din-vectors ([T, Din]; T = 1 for one vector), giving [T, Dout].
    /// Throws when the input is not a whole, non-zero number of Din-vectors.
    public func forward(_ x: [Float]) throws -> [Float] {
        body.forward(x, rows: try body.rowCount(of: x))
    }
}
