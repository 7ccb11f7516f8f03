/// Typed metadata look-ups. The plain forms throw when the key is missing; the `IfPresent` forms
/// return nil then. Both throw a `GGUFError` naming the file and key when the value has the wrong type.
extension GGUFFile {
    /// Any integer type whose value fits in `Int`.
    public func int(_ key: String) throws -> Int { try required(key, intIfPresent(key)) }
    public func intIfPresent(_ key: String) throws -> Int? { try typed(key, "an integer") { $0.intValue } }

    /// float32 or float64.
    public func float(_ key: String) throws -> Float { try required(key, floatIfPresent(key)) }
    public func floatIfPresent(_ key: String) throws -> Float? { try typed(key, "a float") { $0.floatValue } }

    public func bool(_ key: String) throws -> Bool { try required(key, boolIfPresent(key)) }
    public func boolIfPresent(_ key: String) throws -> Bool? { try typed(key, "a bool") { $0.boolValue } }

    public func string(_ key: String) throws -> String { try required(key, stringIfPresent(key)) }
    public func stringIfPresent(_ key: String) throws -> String? { try typed(key, "a string") { $0.stringValue } }

    public func array(_ key: String) throws -> [GGUFValue] { try required(key, arrayIfPresent(key)) }
    public func arrayIfPresent(_ key: String) throws -> [GGUFValue]? { try typed(key, "an array") { $0.arrayValue } }

    public func stringArray(_ key: String) throws -> [String] { try required(key, stringArrayIfPresent(key)) }
    public func stringArrayIfPresent(_ key: String) throws -> [String]? {
        try typed(key, "an array of strings") { value in value.arrayValue.flatMap { all($0, \.stringValue) } }
    }

    /// Elements of any integer type that fit in `Int`.
    public func intArray(_ key: String) throws -> [Int] { try required(key, intArrayIfPresent(key)) }
    public func intArrayIfPresent(_ key: String) throws -> [Int]? {
        try typed(key, "an array of integers") { value in value.arrayValue.flatMap { all($0, \.intValue) } }
    }

    public func floatArray(_ key: String) throws -> [Float] { try required(key, floatArrayIfPresent(key)) }
    public func floatArrayIfPresent(_ key: String) throws -> [Float]? {
        try typed(key, "an array of floats") { value in value.arrayValue.flatMap { all($0, \.floatValue) } }
    }

    private func typed<T>(_ key: String, _ expected: String, _ convert: (GGUFValue) -> T?) throws -> T? {
        guard let value = metadata[key] else { return nil }
        guard let converted = convert(value) else {
            throw error("metadata key '\(key)' is a \(value.typeName), not \(expected)")
        }
        return converted
    }

    private func required<T>(_ key: String, _ value: T?) throws -> T {
        guard let value else { throw error("missing metadata key '\(key)'") }
        return value
    }
}

/// Every element converted, or nil when one does not convert.
private func all<T>(_ values: [GGUFValue], _ convert: (GGUFValue) -> T?) -> [T]? {
    var result: [T] = []
    result.reserveCapacity(values.count)
    for value in values {
        guard let converted = convert(value) else { return nil }
        result.append(converted)
    }
    return result
}
