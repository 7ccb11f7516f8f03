/// One map a latent passes through on its way between agents: a RecursiveLink, or the identity
/// (for untrained experiments; an identity outer link needs equal hidden sizes).
public enum LatentMap: Sendable {
    case identity(size: Int)
    case link(RecursiveLink)

    public var inputSize: Int {
        switch self {
        case .identity(let size): size
        case .link(let link): link.inputSize
        }
    }

    public var outputSize: Int {
        switch self {
        case .identity(let size): size
        case .link(let link): link.outputSize
        }
    }

    /// Maps T row-major vectors ([T, inputSize]) to [T, outputSize].
    public func apply(_ rows: [Float]) throws -> [Float] {
        switch self {
        case .identity(let size):
            guard !rows.isEmpty, rows.count.isMultiple(of: size) else {
                throw LinkError("identity link input has \(rows.count) values, not a whole number of \(size)-vectors")
            }
            return rows
        case .link(let link):
            return try link.forward(rows)
        }
    }

    /// Maps each vector of `vectors` on its own.
    public func apply(each vectors: [[Float]]) throws -> [[Float]] {
        let flat = try apply(vectors.flatMap { $0 })
        let width = outputSize
        return (0..<vectors.count).map { Array(flat[$0 * width ..< ($0 + 1) * width]) }
    }
}
