/// One GGUF metadata value.
public enum GGUFValue: Sendable, Equatable {
    case uint8(UInt8)
    case int8(Int8)
    case uint16(UInt16)
    case int16(Int16)
    case uint32(UInt32)
    case int32(Int32)
    case float32(Float)
    case bool(Bool)
    case string(String)
    /// The element type is kept so that empty arrays still say what they hold.
    case array(elementType: GGUFValueType, [GGUFValue])
    case uint64(UInt64)
    case int64(Int64)
    case float64(Double)

    public var type: GGUFValueType {
        switch self {
        case .uint8: .uint8
        case .int8: .int8
        case .uint16: .uint16
        case .int16: .int16
        case .uint32: .uint32
        case .int32: .int32
        case .float32: .float32
        case .bool: .bool
        case .string: .string
        case .array: .array
        case .uint64: .uint64
        case .int64: .int64
        case .float64: .float64
        }
    }

    /// The type as error messages name it, e.g. "uint32" or "array of string".
    public var typeName: String {
        if case .array(let elementType, _) = self { "array of \(elementType)" } else { type.description }
    }

    /// Any integer value that fits in `Int`.
    public var intValue: Int? {
        switch self {
        case .uint8(let v): Int(v)
        case .int8(let v): Int(v)
        case .uint16(let v): Int(v)
        case .int16(let v): Int(v)
        case .uint32(let v): Int(v)
        case .int32(let v): Int(v)
        case .uint64(let v): Int(exactly: v)
        case .int64(let v): Int(v)
        default: nil
        }
    }

    /// A float32 or float64 value (float64 is rounded to the nearest `Float`).
    public var floatValue: Float? {
        switch self {
        case .float32(let v): v
        case .float64(let v): Float(v)
        default: nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let v) = self { v } else { nil }
    }

    public var stringValue: String? {
        if case .string(let v) = self { v } else { nil }
    }

    public var arrayValue: [GGUFValue]? {
        if case .array(_, let values) = self { values } else { nil }
    }
}
