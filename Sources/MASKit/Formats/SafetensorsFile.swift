import Foundation

/// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header naming each
/// tensor's dtype, shape and byte range, then the data section. Everything is validated on open.
///
/// A file opened from a URL is memory-mapped, so its tensors can be used in place (`bytes(named:)`) for as
/// long as the `SafetensorsFile` lives.
public final class SafetensorsFile: TensorFile, @unchecked Sendable {
    /// Headers longer than this are refused rather than parsed.
    public static let maximumHeaderLength = 100_000_000

    public let path: String
    public let tensorNames: [String]
    /// The free-form string map stored under `__metadata__`.
    public let metadata: [String: String]

    /// Keeps `bytes` valid: the mapping of the file, or a copy of an in-memory image.
    private let storage: AnyObject
    private let bytes: UnsafeRawBufferPointer
    private let entries: [String: Entry]

    private struct Entry {
        let info: TensorInfo
        /// Byte range in the file (absolute, header included).
        let bytes: Range<Int>
    }

    public convenience init(url: URL) throws {
        let mapping: MappedFile
        do {
            mapping = try MappedFile(path: url.path)
        } catch {
            throw FileFormatError(file: url.path, problem: error.problem)
        }
        try self.init(storage: mapping, bytes: mapping.bytes, path: url.path)
    }

    /// Parses a safetensors image held in memory (copied); `path` names it in errors.
    public convenience init(data: Data, path: String) throws {
        let copy = OwnedBytes(copying: data)
        try self.init(storage: copy, bytes: copy.bytes, path: path)
    }

    private init(storage: AnyObject, bytes data: UnsafeRawBufferPointer, path: String) throws {
        self.path = path
        self.storage = storage
        self.bytes = data
        func fail(_ problem: String) -> FileFormatError { FileFormatError(file: path, problem: problem) }

        guard data.count >= 8 else { throw fail("file is \(data.count) bytes, shorter than the 8-byte header length") }
        let declared = UInt64(littleEndian: data.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(Self.maximumHeaderLength) else {
            throw fail("not a safetensors file (its first 8 bytes give a header length of \(declared), over the limit of \(Self.maximumHeaderLength))")
        }
        let headerLength = Int(declared)
        guard headerLength <= data.count - 8 else {
            throw fail("header length \(headerLength) runs past the end of the file (\(data.count - 8) bytes follow it)")
        }
        let dataStart = 8 + headerLength
        let dataSize = data.count - dataStart

        let header: SafetensorsHeader
        do {
            let json = Data(UnsafeRawBufferPointer(rebasing: data[8..<dataStart]))
            header = try JSONDecoder().decode(SafetensorsHeader.self, from: json)
        } catch let problem as SafetensorsHeader.Problem {
            throw fail(problem.text)
        } catch {
            throw fail("header is not a JSON object of tensor entries")
        }

        var entries: [String: Entry] = [:]
        for (name, raw) in header.tensors {
            guard let dtype = TensorDType(rawValue: raw.dtype) else {
                throw fail("tensor '\(name)' has unsupported dtype '\(raw.dtype)' (supported: BF16, F16, F32)")
            }
            guard let elements = TensorInfo.elementCount(of: raw.shape) else {
                throw fail("tensor '\(name)' has an invalid shape \(raw.shape)")
            }
            guard raw.dataOffsets.count == 2 else {
                throw fail("tensor '\(name)' has \(raw.dataOffsets.count) data_offsets, expected 2")
            }
            let (begin, end) = (raw.dataOffsets[0], raw.dataOffsets[1])
            guard begin >= 0, begin <= end else {
                throw fail("tensor '\(name)' has invalid data_offsets [\(begin), \(end)]")
            }
            guard end <= dataSize else {
                throw fail("tensor '\(name)' ends at byte \(end), past the \(dataSize)-byte data section")
            }
            guard let expected = dtype.byteCount(elements: elements), expected == end - begin else {
                throw fail("tensor '\(name)' holds \(end - begin) bytes but \(dtype) \(raw.shape) needs \(elements) × \(dtype.byteSize)")
            }
            entries[name] = Entry(info: TensorInfo(name: name, dtype: dtype, shape: raw.shape),
                                  bytes: (dataStart + begin)..<(dataStart + end))
        }

        let ordered = entries.values.sorted { ($0.bytes.lowerBound, $0.info.name) < ($1.bytes.lowerBound, $1.info.name) }
        var previous: Entry?
        for entry in ordered where !entry.bytes.isEmpty {
            if let previous, previous.bytes.upperBound > entry.bytes.lowerBound {
                throw fail("tensors '\(previous.info.name)' and '\(entry.info.name)' overlap")
            }
            previous = entry
        }
        self.entries = entries
        self.tensorNames = ordered.map(\.info.name)
        self.metadata = header.metadata
    }

    public func info(named name: String) -> TensorInfo? { entries[name]?.info }

    /// Size of the whole file.
    public var byteCount: Int { bytes.count }

    public func withRawBytes<R>(named name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let bytes = bytes(named: name) else { throw missingTensor(name) }
        return try body(bytes)
    }

    /// The tensor's stored bytes in place, valid while this file is alive; nil when there is no such tensor.
    public func bytes(named name: String) -> UnsafeRawBufferPointer? {
        entries[name].map { UnsafeRawBufferPointer(rebasing: bytes[$0.bytes]) }
    }

    public func floats(named name: String) throws -> [Float] {
        guard let entry = entries[name] else { throw missingTensor(name) }
        return try withRawBytes(named: name) { entry.info.dtype.floats(from: $0) }
    }
}

/// The JSON header: tensor entries plus the optional `__metadata__` string map.
private struct SafetensorsHeader: Decodable {
    struct Problem: Error { let text: String }

    struct Tensor: Decodable {
        let dtype: String
        let shape: [Int]
        let dataOffsets: [Int]

        enum CodingKeys: String, CodingKey {
            case dtype, shape
            case dataOffsets = "data_offsets"
        }
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    let tensors: [(String, Tensor)]
    let metadata: [String: String]

    init(from decoder: Decoder) throws {
        let container: KeyedDecodingContainer<Key>
        do {
            container = try decoder.container(keyedBy: Key.self)
        } catch {
            throw Problem(text: "header is not a JSON object")
        }
        var tensors: [(String, Tensor)] = []
        var metadata: [String: String] = [:]
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                guard let map = try? container.decode([String: String].self, forKey: key) else {
                    throw Problem(text: "__metadata__ is not a map of strings to strings")
                }
                metadata = map
            } else {
                guard let tensor = try? container.decode(Tensor.self, forKey: key) else {
                    throw Problem(text: "tensor '\(key.stringValue)' needs a string dtype, an integer shape and two integer data_offsets")
                }
                tensors.append((key.stringValue, tensor))
            }
        }
        self.tensors = tensors
        self.metadata = metadata
    }
}
