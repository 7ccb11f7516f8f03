/// The inner RecursiveLink (`ln_res_adapter`, spec §1.1): H → H,
/// y = post_ln(x + proj2(GELU(proj1(pre_ln(x))))). Weights are held as f32.
public struct InnerLink: Sendable {
    /// The type string of `adapter_config.json`.
    public static let adapterType = "ln_res_adapter"

    public let hiddenSize: Int
    private let values: [String: [Float]]
    private let body: ResidualLinkBody

    /// The released state-dict keys and their shapes for hidden size `h`.
    public static func parameterShapes(hiddenSize h: Int) -> [(name: String, shape: [Int])] {
        [("proj1.weight", [h, h]), ("proj1.bias", [h]), ("proj2.weight", [h, h]), ("proj2.bias", [h]),
         ("pre_ln.weight", [h]), ("pre_ln.bias", [h]), ("post_ln.weight", [h]), ("post_ln.bias", [h])]
    }

    /// Builds the link from row-major values keyed by the released names; throws on missing, extra or mis-sized ones.
    public init(hiddenSize: Int, parameters: [String: [Float]]) throws {
        guard hiddenSize > 0 else { throw LinkError("inner link hidden size must be positive, not \(hiddenSize)") }
        let checked = try LinkParameters(parameters, shapes: Self.parameterShapes(hiddenSize: hiddenSize), link: "inner link")
        self.hiddenSize = hiddenSize
        self.values = checked.values
        self.body = ResidualLinkBody(inputNorm: checked.layerNorm("pre_ln"), expand: checked.linear("proj1"),
                                     contract: checked.linear("proj2"), residual: nil,
                                     outputNorm: checked.layerNorm("post_ln"))
    }

    /// The parameters under their released names and shapes, in released order (for saving and fitting).
    public var parameters: [NamedTensor] { LinkParameters.named(values, shapes: Self.parameterShapes(hiddenSize: hiddenSize)) }

    /// 2H² + 6H.
    public var parameterCount: Int { 2 * hiddenSize * hiddenSize + 6 * hiddenSize }

    /// Applies the link to T row-major H-vectors ([T, H]; T = 1 for one vector). Throws when the
    /// input is not a whole, non-zero number of H-vectors.
    public func forward(_ x: [Float]) throws -> [Float] {
        body.forward(x, rows: try body.rowCount(of: x))
    }
}
