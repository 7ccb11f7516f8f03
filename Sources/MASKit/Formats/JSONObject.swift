import Foundation

/// A JSON object read from a file (config.json, generation_config.json, an index), with typed look-ups that
/// treat `null` as absent and throw a one-line `FileFormatError` naming the file and key for a wrong type.
public struct JSONObject: Sendable {
    /// The file, as named in errors.
    public let path: String
    /// Where this object sits in the file ("" for the top level, "text_config." for a nested one).
    public let keyPrefix: String
    public let values: [String: JSONValue]

    public init(path: String, keyPrefix: String = "", values: [String: JSONValue]) {
        self.path = path
        self.keyPrefix = keyPrefix
        self.values = values
    }

    /// Reads the file; throws when it cannot be read or is not a JSON object.
    public init(url: URL) throws {
        let data: Data
        do {
            data = try FileContents.read(url, limit: FileContents.configLimit)
        } catch {
            throw FileFormatError(file: url.path, problem: error.description)
        }
        guard let object = JSONValue(parsing: data)?.objectValue else {
            throw FileFormatError(file: url.path, problem: "is not a JSON object")
        }
        self.init(path: url.path, values: object)
    }

    public func error(_ problem: String) -> FileFormatError { FileFormatError(file: path, problem: problem) }

    public func contains(_ key: String) -> Bool { value(key) != nil }

    /// The value, nil when missing or null.
    public func value(_ key: String) -> JSONValue? {
        guard let value = values[key], value != .null else { return nil }
        return value
    }

    public func int(_ key: String) throws -> Int { try required(key, intIfPresent(key)) }
    public func intIfPresent(_ key: String) throws -> Int? { try typed(key, "an integer") { $0.intValue } }

    public func float(_ key: String) throws -> Float { try required(key, floatIfPresent(key)) }
    public func floatIfPresent(_ key: String) throws -> Float? {
        try typed(key, "a number") { $0.doubleValue.map(Float.init) }
    }

    public func string(_ key: String) throws -> String { try required(key, stringIfPresent(key)) }
    public func stringIfPresent(_ key: String) throws -> String? { try typed(key, "a string") { $0.stringValue } }

    public func boolIfPresent(_ key: String) throws -> Bool? { try typed(key, "a boolean") { $0.boolValue } }

    public func objectIfPresent(_ key: String) throws -> JSONObject? {
        try typed(key, "an object") { value in
            value.objectValue.map { JSONObject(path: path, keyPrefix: "\(keyPrefix)\(key).", values: $0) }
        }
    }

    public func stringArrayIfPresent(_ key: String) throws -> [String]? {
        try typed(key, "an array of strings") { value in
            value.arrayValue.flatMap { items in
                let strings = items.compactMap(\.stringValue)
                return strings.count == items.count ? strings : nil
            }
        }
    }

    /// An integer or an array of integers (how Hugging Face writes `eos_token_id`), as an array.
    public func intsIfPresent(_ key: String) throws -> [Int]? {
        try typed(key, "an integer or an array of integers") { value in
            if let single = value.intValue { return [single] }
            guard let items = value.arrayValue else { return nil }
            let ints = items.compactMap(\.intValue)
            return ints.count == items.count ? ints : nil
        }
    }

    private func typed<T>(_ key: String, _ expected: String, _ convert: (JSONValue) -> T?) throws -> T? {
        guard let value = value(key) else { return nil }
        guard let converted = convert(value) else {
            throw error("'\(keyPrefix)\(key)' is \(value.typeName), not \(expected)")
        }
        return converted
    }

    private func required<T>(_ key: String, _ value: T?) throws -> T {
        guard let value else { throw error("missing '\(keyPrefix)\(key)'") }
        return value
    }
}
