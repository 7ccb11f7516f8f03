import Foundation

/// A RecursiveLink read from a released `.pt` checkpoint or a `.safetensors` file: the kind is told by
/// the key set (the 8 inner keys or the 10 outer keys), every shape is checked, and the weights are
/// widened to f32. Also saves links as safetensors under the released key names.
public struct RecursiveLinkFile: Sendable {
    public enum Format: String, Sendable, CustomStringConvertible {
        case torch
        case safetensors

        public var description: String {
            switch self {
            case .torch: "PyTorch checkpoint (torch.save zip)"
            case .safetensors: "safetensors"
            }
        }
    }

    public let url: URL
    public let format: Format
    /// The dtype of the file's first tensor, which the reference takes as the link's dtype (spec §1.4).
    public let dtype: TensorDType
    public let link: RecursiveLink

    public var kind: RecursiveLink.Kind { link.kind }

    /// Reads and validates the link at `url`; with `expecting`, also checks it fits those agents.
    public init(url: URL, expecting expectation: LinkExpectation? = nil) throws {
        let path = url.path
        func fail(_ problem: String) -> FileFormatError { FileFormatError(file: path, problem: problem) }

        let data: Data
        do {
            data = try FileContents.read(url, limit: FileContents.linkLimit)
        } catch {
            throw fail(error.description)
        }
        let file: any TensorFile
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            file = try TorchCheckpoint(data: data, path: path)
            format = .torch
        } else {
            file = try SafetensorsFile(data: data, path: path)
            format = .safetensors
        }
        guard let first = file.tensorNames.first, let firstInfo = file.info(named: first) else {
            throw fail("holds no tensors")
        }

        let kind = try Self.kind(of: Set(file.tensorNames), path: path)
        try Self.checkAdapterConfig(besides: url, kind: kind)

        func size(_ name: String) throws -> Int {
            guard let shape = file.info(named: name)?.shape, shape.count == 1 else {
                throw fail("tensor '\(name)' has shape \(file.info(named: name)?.shape ?? []), expected one dimension")
            }
            return shape[0]
        }
        let shapes: [(name: String, shape: [Int])]
        let description: String
        let build: ([String: [Float]]) throws -> RecursiveLink
        switch kind {
        case .inner:
            let hidden = try size("pre_ln.weight")
            shapes = InnerLink.parameterShapes(hiddenSize: hidden)
            description = "an inner link with H = \(hidden)"
            build = { .inner(try InnerLink(hiddenSize: hidden, parameters: $0)) }
        case .outer:
            let (source, target) = (try size("ln_source.weight"), try size("ln_target.weight"))
            shapes = OuterLink.parameterShapes(inputSize: source, outputSize: target)
            description = "an outer link \(source) → \(target)"
            build = { .outer(try OuterLink(inputSize: source, outputSize: target, parameters: $0)) }
        }
        var values: [String: [Float]] = [:]
        for (name, shape) in shapes {
            let actual = file.info(named: name)?.shape ?? []
            guard actual == shape else { throw fail("tensor '\(name)' has shape \(actual), \(description) needs \(shape)") }
            values[name] = try file.floats(named: name)
        }

        do {
            link = try build(values)
        } catch {
            throw fail("\(error)")
        }
        self.url = url
        self.dtype = firstInfo.dtype
        if let expectation, let mismatch = Self.mismatch(of: link, with: expectation) { throw fail(mismatch) }
    }

    /// Writes `link` as safetensors under the released key names, with `metadata` besides `format: pt`.
    public static func save(_ link: RecursiveLink, to url: URL, dtype: TensorDType = .f32,
                            metadata: [String: String] = [:]) throws {
        try SafetensorsWriter.write(link.parameters, dtype: dtype, metadata: metadata.merging(["format": "pt"]) { $1 }, to: url)
    }

    private static func kind(of keys: Set<String>, path: String) throws -> RecursiveLink.Kind {
        let inner = Set(InnerLink.parameterShapes(hiddenSize: 1).map(\.name))
        let outer = Set(OuterLink.parameterShapes(inputSize: 1, outputSize: 1).map(\.name))
        if keys == inner { return .inner }
        if keys == outer { return .outer }
        // Name the closest kind the way the reference loader tells them apart.
        let looksOuter = keys.contains { $0.hasPrefix("ln_source.") || $0.hasPrefix("ln_target.") || $0.hasPrefix("residual_proj.") }
        let (kind, expected): (RecursiveLink.Kind, Set<String>) = looksOuter ? (.outer, outer) : (.inner, inner)
        var problems: [String] = []
        let missing = expected.subtracting(keys).sorted()
        let extra = keys.subtracting(expected).sorted()
        if !missing.isEmpty { problems.append("missing \(missing.joined(separator: ", "))") }
        if !extra.isEmpty { problems.append("unexpected \(extra.joined(separator: ", "))") }
        throw FileFormatError(file: path, problem: "keys do not form an \(kind) link (\(kind.adapterType)): \(problems.joined(separator: "; "))")
    }

    /// A sibling `adapter_config.json` with an `adapter_type` must name the kind found in the file.
    private static func checkAdapterConfig(besides url: URL, kind: RecursiveLink.Kind) throws {
        let config = url.deletingLastPathComponent().appendingPathComponent("adapter_config.json")
        guard FileManager.default.fileExists(atPath: config.path) else { return }
        guard let data = try? FileContents.read(config, limit: FileContents.configLimit),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw FileFormatError(file: config.path, problem: "is not a JSON object") }
        guard let type = object["adapter_type"] else { return }
        guard let name = type as? String, name == kind.adapterType else {
            throw FileFormatError(file: config.path,
                                  problem: "adapter_type is \(type), but \(url.lastPathComponent) holds an \(kind) link (\(kind.adapterType))")
        }
    }

    private static func mismatch(of link: RecursiveLink, with expectation: LinkExpectation) -> String? {
        switch (link, expectation) {
        case (.inner(let inner), .inner(let hidden)):
            return inner.hiddenSize == hidden ? nil
                : "inner link hidden size is \(inner.hiddenSize) but the agent's hidden size is \(hidden)"
        case (.outer(let outer), .outer(let source, let target)):
            if let source, source != outer.inputSize {
                return "outer link input size is \(outer.inputSize) but the source agent's hidden size is \(source)"
            }
            if let target, target != outer.outputSize {
                return "outer link output size is \(outer.outputSize) but the target agent's hidden size is \(target)"
            }
            return nil
        case (.inner, .outer):
            return "holds an inner link (\(InnerLink.adapterType)) where an outer link was expected"
        case (.outer, .inner):
            return "holds an outer link (\(OuterLink.adapterType)) where an inner link was expected"
        }
    }
}
