import Foundation

/// The weights of a Hugging Face checkpoint directory: `model.safetensors`, or the shards that
/// `model.safetensors.index.json` names. Every shard is memory-mapped and validated, and every tensor the
/// index places in a shard must be there.
public final class SafetensorsCheckpoint: @unchecked Sendable {
    public static let singleFileName = "model.safetensors"
    public static let indexFileName = "model.safetensors.index.json"

    public let directory: URL
    public let shards: [SafetensorsFile]
    /// Tensor name → index into `shards`.
    private let location: [String: Int]

    public init(directory: URL) throws {
        self.directory = directory
        let indexURL = directory.appendingPathComponent(Self.indexFileName)
        let singleURL = directory.appendingPathComponent(Self.singleFileName)
        if FileManager.default.fileExists(atPath: indexURL.path) {
            let weightMap = try Self.weightMap(indexURL)
            var shardIndex: [String: Int] = [:]
            var shards: [SafetensorsFile] = []
            var location: [String: Int] = [:]
            for (tensor, shardName) in weightMap.sorted(by: { $0.key < $1.key }) {
                let shard: Int
                if let known = shardIndex[shardName] {
                    shard = known
                } else {
                    let url = directory.appendingPathComponent(shardName)
                    guard FileManager.default.fileExists(atPath: url.path) else {
                        throw FileFormatError(file: url.path, problem: "missing: \(Self.indexFileName) names this shard")
                    }
                    shard = shards.count
                    shardIndex[shardName] = shard
                    shards.append(try SafetensorsFile(url: url))
                }
                guard shards[shard].info(named: tensor) != nil else {
                    throw FileFormatError(file: shards[shard].path,
                                          problem: "does not hold tensor '\(tensor)', which \(Self.indexFileName) places there")
                }
                location[tensor] = shard
            }
            self.shards = shards
            self.location = location
        } else if FileManager.default.fileExists(atPath: singleURL.path) {
            let file = try SafetensorsFile(url: singleURL)
            shards = [file]
            location = Dictionary(uniqueKeysWithValues: file.tensorNames.map { ($0, 0) })
        } else {
            throw FileFormatError(file: directory.path,
                                  problem: "holds neither \(Self.singleFileName) nor \(Self.indexFileName)")
        }
    }

    public var tensorNames: [String] { location.keys.sorted() }

    /// The shard holding `name`, or nil.
    public func file(holding name: String) -> SafetensorsFile? { location[name].map { shards[$0] } }

    public func info(named name: String) -> TensorInfo? { file(holding: name)?.info(named: name) }

    /// Bytes of all shards together.
    public var byteCount: Int { shards.reduce(0) { $0 + $1.byteCount } }

    /// The index's `weight_map`, with shard names that stay inside the directory.
    private static func weightMap(_ url: URL) throws -> [String: String] {
        let index = try JSONObject(url: url)
        guard let map = try index.objectIfPresent("weight_map") else { throw index.error("missing 'weight_map'") }
        var result: [String: String] = [:]
        for tensor in map.values.keys {
            let shard = try map.string(tensor)
            guard !shard.isEmpty, !shard.contains("/"), shard != ".", shard != ".." else {
                throw index.error("tensor '\(tensor)' is placed in '\(shard)', which is not a file name")
            }
            result[tensor] = shard
        }
        guard !result.isEmpty else { throw index.error("'weight_map' names no tensors") }
        return result
    }
}
