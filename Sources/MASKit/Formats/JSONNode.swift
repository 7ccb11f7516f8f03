import Foundation

/// A value in a JSON file with the path that leads to it ("model.vocab"), so a wrong or missing value gives
/// a one-line error naming both. Booleans are told from numbers, so `true` never reads as 1.
struct JSONNode {
    typealias Value = JSONValue

    let value: Value
    /// Where the value sits ("" for the document).
    let path: String

    /// The document in `data`; throws `TokenizerError` "not valid JSON" otherwise.
    init(parsing data: Data) throws {
        do {
            value = Value(try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed))
        } catch {
            throw TokenizerError(problem: "not valid JSON")
        }
        path = ""
    }

    init(_ value: Value, path: String) {
        self.value = value
        self.path = path
    }

    var isNull: Bool { if case .null = value { true } else { false } }

    /// The member `key` (null when missing or when this is not an object).
    subscript(key: String) -> JSONNode {
        guard case .object(let members) = value, let member = members[key] else { return JSONNode(.null, path: child(key)) }
        return JSONNode(member, path: child(key))
    }

    func string() throws -> String { try required(stringIfPresent()) }
    func stringIfPresent() throws -> String? { try typed("a string") { if case .string(let text) = $0 { text } else { nil } } }

    func boolIfPresent() throws -> Bool? { try typed("a boolean") { if case .bool(let flag) = $0 { flag } else { nil } } }

    func int() throws -> Int { try required(intIfPresent()) }
    func intIfPresent() throws -> Int? {
        try typed("an integer") { value in
            guard case .number(let number) = value, number.rounded() == number, abs(number) < 0x1p53 else { return nil }
            return Int(number)
        }
    }

    func doubleIfPresent() throws -> Double? { try typed("a number") { if case .number(let number) = $0 { number } else { nil } } }

    func array() throws -> [JSONNode] { try required(arrayIfPresent()) }
    func arrayIfPresent() throws -> [JSONNode]? {
        try typed("an array") { value in
            guard case .array(let items) = value else { return nil }
            return items.enumerated().map { JSONNode($1, path: "\(path)[\($0)]") }
        }
    }

    /// Members in key order.
    func object() throws -> [(key: String, value: JSONNode)] { try required(objectIfPresent()) }
    func objectIfPresent() throws -> [(key: String, value: JSONNode)]? {
        try typed("an object") { value in
            guard case .object(let members) = value else { return nil }
            return members.keys.sorted().compactMap { key in members[key].map { (key, JSONNode($0, path: child(key))) } }
        }
    }

    func error(_ problem: String) -> TokenizerError { TokenizerError(problem: "\(path.isEmpty ? "the file" : path) \(problem)") }

    private func child(_ key: String) -> String {
        let key = key.count > 60 ? "\(key.prefix(60))…" : key
        return path.isEmpty ? key : "\(path).\(key)"
    }

    private func typed<T>(_ expected: String, _ convert: (Value) -> T?) throws -> T? {
        if isNull { return nil }
        guard let converted = convert(value) else { throw error("is \(value.typeName), not \(expected)") }
        return converted
    }

    private func required<T>(_ value: T?) throws -> T {
        guard let value else { throw error("is missing") }
        return value
    }
}
