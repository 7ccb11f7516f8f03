import Foundation

/// Any JSON value, with booleans told from numbers (so `true` never reads as 1). Read by Foundation's
/// JSONSerialization, which, like Python's `json` (and so transformers), keeps the last of duplicate keys:
/// a config.json naming `num_hidden_layers` twice means what PyTorch makes of it.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The document in `data`, nil when it is not JSON.
    public init?(parsing data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed) else { return nil }
        self.init(object)
    }

    /// From what JSONSerialization gives (far faster than JSONDecoder on large vocabularies).
    init(_ object: Any) {
        switch object {
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            // Booleans are NSNumbers whose Objective-C type is char.
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let items as [Any]:
            self = .array(items.map(JSONValue.init))
        case let members as [String: Any]:
            self = .object(members.mapValues(JSONValue.init))
        default:
            self = .null
        }
    }

    /// "a number", "a string", … for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    public var doubleValue: Double? {
        if case .number(let value) = self { value } else { nil }
    }

    /// A number with no fractional part that fits an Int.
    public var intValue: Int? {
        guard let value = doubleValue, value.rounded() == value, abs(value) < 0x1p53 else { return nil }
        return Int(value)
    }

    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }
}
