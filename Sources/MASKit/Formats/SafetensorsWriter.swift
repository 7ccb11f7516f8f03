import Foundation

/// A named tensor held as Float values, row-major; what the writers store and the links expose.
public struct NamedTensor: Sendable, Equatable {
    public let name: String
    public let shape: [Int]
    public let values: [Float]

    public init(name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// Writes safetensors files (F32, BF16 or F16), tensors sorted by name and packed back to back.
public enum SafetensorsWriter {
    public static func write(_ tensors: [NamedTensor], dtype: TensorDType, metadata: [String: String] = [:],
                             to url: URL) throws {
        try encode(tensors, dtype: dtype, metadata: metadata, path: url.path).write(to: url, options: .atomic)
    }

    /// The file image, so tests and callers can inspect it without touching the disk.
    public static func encode(_ tensors: [NamedTensor], dtype: TensorDType, metadata: [String: String] = [:],
                              path: String) throws -> Data {
        func fail(_ problem: String) -> FileFormatError { FileFormatError(file: path, problem: problem) }
        let sorted = tensors.sorted { $0.name < $1.name }
        // The header is written the way the reference (Rust) writer lays it out: compact, metadata
        // first, fields in the order dtype, shape, data_offsets.
        var fields: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.sorted { $0.key < $1.key }.map { "\(jsonString($0.key)):\(jsonString($0.value))" }
            fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        var seen = Set<String>()
        for tensor in sorted {
            guard tensor.name != "__metadata__", seen.insert(tensor.name).inserted else {
                throw fail("tensor name '\(tensor.name)' is reserved or used twice")
            }
            guard TensorInfo.elementCount(of: tensor.shape) == tensor.values.count else {
                throw fail("tensor '\(tensor.name)' has \(tensor.values.count) values for shape \(tensor.shape)")
            }
            let size = tensor.values.count * dtype.byteSize
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            fields.append("\(jsonString(tensor.name)):{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var json = Data("{\(fields.joined(separator: ","))}".utf8)
        // Pad with spaces so the data section starts 8-byte aligned.
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))

        var image = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { image.append(contentsOf: $0) }
        image.append(json)
        for tensor in sorted {
            switch dtype {
            case .f32:
                tensor.values.map { $0.bitPattern.littleEndian }.withUnsafeBytes { image.append(contentsOf: $0) }
            case .bf16:
                tensor.values.map { TensorDType.bfloat16Bits(of: $0).littleEndian }.withUnsafeBytes { image.append(contentsOf: $0) }
            case .f16:
                tensor.values.map { Float16($0).bitPattern.littleEndian }.withUnsafeBytes { image.append(contentsOf: $0) }
            }
        }
        return image
    }

    /// `text` as a JSON string literal.
    private static func jsonString(_ text: String) -> String {
        var literal = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": literal += "\\\""
            case "\\": literal += "\\\\"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case _ where scalar.value < 0x20:
                literal += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "\""
    }
}
