import Foundation

/// A memory-mapped `torch.save` checkpoint of a tensor state dict: a zip of stored entries
/// `<archive>/data.pkl` (read by `RestrictedUnpickler`, which never executes anything),
/// `<archive>/data/<key>` (raw little-endian storages), `<archive>/byteorder` and `<archive>/version`.
public final class TorchCheckpoint: TensorFile {
    public let path: String
    public let tensorNames: [String]
    /// The archive's `version` record, when present.
    public let formatVersion: Int?

    private let data: Data
    private let entries: [String: Entry]

    private struct Entry {
        let info: TensorInfo
        let bytes: Range<Int>
    }

    public convenience init(url: URL) throws {
        let data: Data
        do {
            data = try FileContents.read(url, limit: FileContents.linkLimit)
        } catch {
            throw FileFormatError(file: url.path, problem: error.description)
        }
        try self.init(data: data, path: url.path)
    }

    /// Parses a checkpoint image held in memory; `path` names it in errors.
    public init(data: Data, path: String) throws {
        self.path = path
        self.data = data
        let result = data.withUnsafeBytes { bytes in Result { () throws(FormatProblem) in try Self.index(bytes) } }
        do {
            (entries, tensorNames, formatVersion) = try result.get()
        } catch {
            throw FileFormatError(file: path, problem: error.text)
        }
    }

    public func info(named name: String) -> TensorInfo? { entries[name]?.info }

    public func withRawBytes<R>(named name: String, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
        guard let entry = entries[name] else { throw missingTensor(name) }
        return try data.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[entry.bytes])) }
    }

    public func floats(named name: String) throws -> [Float] {
        guard let entry = entries[name] else { throw missingTensor(name) }
        return try withRawBytes(named: name) { entry.info.dtype.floats(from: $0) }
    }

    private static func index(_ bytes: UnsafeRawBufferPointer)
        throws(FormatProblem) -> (entries: [String: Entry], names: [String], version: Int?) {
        let zip = try StoredZipArchive(bytes: bytes)
        func contents(_ name: String) -> UnsafeRawBufferPointer? {
            zip.entries[name].map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }
        }

        let pickles = zip.entries.keys.filter { name in
            name.hasSuffix("/data.pkl") && name.firstIndex(of: "/") == name.lastIndex(of: "/")
        }
        guard pickles.count == 1, let pickleName = pickles.first, let pickle = contents(pickleName) else {
            throw FormatProblem(pickles.isEmpty ? "not a torch.save checkpoint (no <archive>/data.pkl entry)"
                                                : "checkpoint has \(pickles.count) data.pkl entries")
        }
        let archive = String(pickleName.dropLast("data.pkl".count))

        if let order = contents(archive + "byteorder"), String(decoding: order, as: UTF8.self) != "little" {
            throw FormatProblem("checkpoint byte order is '\(String(decoding: order, as: UTF8.self))'; only little-endian is supported")
        }
        var version: Int?
        if let record = contents(archive + "version") ?? contents(archive + ".data/version") {
            let text = String(decoding: record, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let number = Int(text), number > 0 else { throw FormatProblem("checkpoint version record '\(text)' is not a positive integer") }
            version = number
        }

        var entries: [String: Entry] = [:]
        var names: [String] = []
        for (name, tensor) in try RestrictedUnpickler.stateDict(from: pickle) {
            entries[name] = Entry(info: TensorInfo(name: name, dtype: tensor.storage.dtype, shape: tensor.shape),
                                  bytes: try storageBytes(of: tensor, named: name, archive: archive, zip: zip))
            names.append(name)
        }
        return (entries, names, version)
    }

    /// The bytes a contiguous tensor view covers inside its storage entry, bounds-checked.
    private static func storageBytes(of tensor: PickledTensor, named name: String, archive: String,
                                     zip: StoredZipArchive) throws(FormatProblem) -> Range<Int> {
        let storage = tensor.storage
        guard let entry = zip.entries[archive + "data/" + storage.key] else {
            throw FormatProblem("tensor '\(name)' uses storage '\(storage.key)', which has no data entry")
        }
        guard storage.dtype.byteCount(elements: storage.elementCount) == entry.count else {
            throw FormatProblem("storage '\(storage.key)' holds \(entry.count) bytes, not \(storage.elementCount) \(storage.dtype) elements")
        }
        guard tensor.shape.count == tensor.strides.count, let count = TensorInfo.elementCount(of: tensor.shape) else {
            throw FormatProblem("tensor '\(name)' has an invalid size \(tensor.shape) or stride \(tensor.strides)")
        }
        var expectedStride = 1
        for (size, stride) in Swift.zip(tensor.shape, tensor.strides).reversed() {
            guard size <= 1 || stride == expectedStride else {
                throw FormatProblem("tensor '\(name)' is not contiguous (size \(tensor.shape), stride \(tensor.strides))")
            }
            expectedStride &*= size
        }
        let offset = tensor.storageOffset
        guard offset >= 0, offset <= storage.elementCount, count <= storage.elementCount - offset else {
            throw FormatProblem("tensor '\(name)' (\(count) elements at offset \(offset)) runs past its \(storage.elementCount)-element storage")
        }
        let start = entry.lowerBound + offset * storage.dtype.byteSize
        return start..<(start + count * storage.dtype.byteSize)
    }
}
