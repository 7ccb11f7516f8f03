import Foundation

/// A GGUF model file (versions 2 and 3), memory-mapped read-only and validated when opened.
///
/// Immutable after `init`; tensor data is read in place through `bytes(of:)`.
public final class GGUFFile: @unchecked Sendable {
    public let url: URL
    public let version: Int
    public let fileSize: Int
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    public let metadata: [String: GGUFValue]
    /// `general.alignment`, or 32.
    public let alignment: Int
    /// Where the data section starts (tensor offsets are relative to it).
    public let dataOffset: Int
    /// Tensors in file order.
    public let tensors: [GGUFTensorInfo]

    private let mapping: MappedFile
    private let tensorIndex: [String: Int]

    /// Opens and validates the file; throws `GGUFError` for anything unreadable or invalid.
    public init(url: URL) throws {
        let fileName = url.lastPathComponent
        do {
            mapping = try MappedFile(path: url.path)
        } catch {
            throw GGUFError(file: fileName, problem: error.problem)
        }
        let contents = try GGUFContents(bytes: mapping.bytes, fileName: fileName)
        self.url = url
        version = contents.version
        fileSize = mapping.bytes.count
        metadataKeys = contents.metadataKeys
        metadata = contents.metadata
        alignment = contents.alignment
        dataOffset = contents.dataOffset
        tensors = contents.tensors
        tensorIndex = Dictionary(uniqueKeysWithValues: tensors.enumerated().map { ($1.name, $0) })
    }

    public var fileName: String { url.lastPathComponent }

    public func tensor(named name: String) -> GGUFTensorInfo? {
        tensorIndex[name].map { tensors[$0] }
    }

    /// The tensor, or a `GGUFError` naming the file and the missing tensor.
    public func requiredTensor(named name: String) throws -> GGUFTensorInfo {
        guard let tensor = tensor(named: name) else { throw error("missing tensor '\(name)'") }
        return tensor
    }

    /// The tensor's data inside the mapping (no copy); valid while this `GGUFFile` is alive.
    ///
    /// `tensor` must come from this file's `tensors`.
    public func bytes(of tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        guard tensor.fileOffset >= dataOffset, tensor.byteCount >= 0,
              tensor.byteCount <= fileSize - tensor.fileOffset
        else { fatalError("tensor '\(tensor.name)' does not belong to \(fileName)") }
        return UnsafeRawBufferPointer(rebasing: mapping.bytes[tensor.fileOffset ..< tensor.fileOffset + tensor.byteCount])
    }

    /// A `GGUFError` about this file.
    public func error(_ problem: String) -> GGUFError { GGUFError(file: fileName, problem: problem) }
}
