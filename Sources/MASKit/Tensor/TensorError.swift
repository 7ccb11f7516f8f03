/// Why a tensor cannot be used as described. Callers that know the file or tensor name prefix it.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    case unsupportedType(GGMLType)
    case rowLengthNotWholeBlocks(GGMLType, columns: Int)
    case invalidShape(rows: Int, columns: Int)
    case rowStrideTooSmall(GGMLType, columns: Int, stride: Int)
    case activationLengthNotWholeBlocks(ActivationFormat, count: Int)

    public var description: String {
        switch self {
        case .unsupportedType(let type):
            "tensor type \(type) is not supported (supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K)"
        case .rowLengthNotWholeBlocks(let type, let columns):
            "row length \(columns) is not a multiple of the \(type) block size \(type.blockSize)"
        case .invalidShape(let rows, let columns):
            "invalid matrix shape \(rows)×\(columns)"
        case .rowStrideTooSmall(let type, let columns, let stride):
            "row stride \(stride) bytes is smaller than a \(type) row of \(columns) elements"
        case .activationLengthNotWholeBlocks(let format, let count):
            "an activation of \(count) values is not a whole number of \(format) blocks"
        }
    }
}
