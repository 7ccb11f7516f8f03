import Foundation

/// The one JSON dialect of trace lines (also used for `--json` output): sorted keys, non-finite
/// numbers as the strings "inf", "-inf" and "nan", one object per line.
public enum TraceCoding {
    public static func encodeLine<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var line = try encoder.encode(value)
        line.append(0x0A)
        return line
    }

    public static func decode<T: Decodable>(_ type: T.Type, from line: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: line)
    }

    /// A one-line reason a line failed to decode, naming the field when there is one.
    static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case let .keyNotFound(key, _):
            return "missing field \"\(key.stringValue)\""
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "field \"\(path(context))\" has the wrong type"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not a JSON object"
                : "field \"\(path(context))\" has an invalid value"
        @unknown default:
            return "cannot decode"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }
}
