import Foundation
import Testing

/// Runs the built `mastui models` on a directory of fixtures, checked against the Python gguf package's values.
@Suite("mastui models")
struct ModelsCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/gguf")
    /// `mastui`, built next to the test bundle.
    static let mastui = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("mastui")

    struct Listing: Decodable {
        struct Row: Decodable {
            let file: String
            let architecture: String?
            let parameters: Int?
            let hidden: Int?
            let layers: Int?
            let quantisation: String?
            let sizeBytes: Int?
            let error: String?
        }

        let directory: String
        let models: [Row]
        let setupCommand: String?
    }

    /// What scripts/reference/gguf_small_file.py read from all_types.gguf.
    struct SmallFileReference: Decodable {
        struct Entry: Decodable {
            let key: String
            let value: Value
        }

        enum Value: Decodable {
            case int(Int), string(String), other

            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let v = try? container.decode(Int.self) { self = .int(v) }
                else if let v = try? container.decode(String.self) { self = .string(v) }
                else { self = .other }
            }
        }

        struct Tensor: Decodable { let element_count: Int }

        let file_size: Int
        let metadata: [Entry]
        let tensors: [Tensor]
    }

    @Test("lists readable files and an error row for a broken one, as JSON and as a table")
    func listing() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try Data(contentsOf: Self.fixtures.appendingPathComponent("all_types.gguf"))
        try model.write(to: directory.appendingPathComponent("small.gguf"))
        try model.prefix(200).write(to: directory.appendingPathComponent("broken.gguf"))
        try Data("not a model".utf8).write(to: directory.appendingPathComponent("notes.txt"))

        let (status, output) = try Self.run(["models", "--json"], models: directory)
        #expect(status == 0)
        let listing = try JSONDecoder.snakeCase.decode(Listing.self, from: Data(output.utf8))
        #expect(listing.directory == directory.path)
        #expect(listing.models.map(\.file) == ["broken.gguf", "small.gguf"])
        #expect(listing.setupCommand == nil)

        let broken = try #require(listing.models.first)
        #expect(broken.error?.hasPrefix("truncated: ") == true)
        #expect(broken.architecture == nil)

        let reference = try JSONDecoder().decode(
            SmallFileReference.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("all_types.json")))
        let fileTypeNames = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("llama_file_types.json")))
        let small = try #require(listing.models.last)
        #expect(small.error == nil)
        #expect(small.architecture == reference.string("general.architecture"))
        #expect(small.parameters == reference.tensors.reduce(0) { $0 + $1.element_count })
        #expect(small.quantisation == reference.int("general.file_type").flatMap { fileTypeNames[String($0)] })
        #expect(small.sizeBytes == reference.file_size)
        #expect(small.hidden == nil && small.layers == nil)

        let table = try Self.run(["models"], models: directory)
        #expect(table.status == 0)
        let lines = table.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "Models in \(directory.path):")
        try #require(lines.count == 4)
        #expect(lines[2].hasPrefix("broken.gguf  error: truncated: "))
        // Numbers are right-aligned under their headers.
        let header = lines[1]
        let parametersEnd = try #require(header.range(of: "PARAMETERS")).upperBound
        let count = try #require(lines[3].range(of: " \(small.parameters ?? -1) ")).upperBound
        #expect(header.distance(from: header.startIndex, to: parametersEnd)
            == lines[3].distance(from: lines[3].startIndex, to: count) - 1)
    }

    @Test("an empty or missing directory says where it looked and how to install models")
    func emptyDirectory() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        for models in [directory, directory.appendingPathComponent("missing")] {
            let (status, output) = try Self.run(["models"], models: models)
            #expect(status == 0)
            #expect(output.contains(models.path))
            #expect(output.contains("scripts/setup"))
            let json = try Self.run(["models", "--json"], models: models)
            let listing = try JSONDecoder.snakeCase.decode(Listing.self, from: Data(json.output.utf8))
            #expect(json.status == 0 && listing.models.isEmpty && listing.setupCommand == "scripts/setup")
        }
    }

    @Test("lists the default models with the Python gguf package's figures")
    func defaultModels() throws {
        let (status, output) = try Self.run(["models", "--json"], models: nil)
        #expect(status == 0)
        let rows = try JSONDecoder.snakeCase.decode(Listing.self, from: Data(output.utf8)).models
        for name in ["SmolLM2-135M-Instruct.Q4_1", "gemma-3-270m-q4_k_m"] {
            let reference = try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.fixtures.appendingPathComponent("\(name).json"))) as? [String: Any]
            let row = try #require(rows.first { $0.file == "\(name).gguf" }, "\(name).gguf is not installed")
            #expect(row.architecture == reference?["architecture"] as? String)
            #expect(row.parameters == reference?["parameter_count"] as? Int)
            #expect(row.hidden == reference?["embedding_length"] as? Int)
            #expect(row.layers == reference?["block_count"] as? Int)
            #expect(row.quantisation == reference?["file_type_name"] as? String)
            #expect(row.sizeBytes == reference?["file_size"] as? Int)
        }
        let table = try Self.run(["models"], models: nil).output
        #expect(table.contains("134.5M"))  // SmolLM2: 134,515,008 parameters
    }

    // MARK: Helpers

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs mastui with `MASTUI_MODELS` set to `models` (or left as it is when nil).
    static func run(_ arguments: [String], models: URL?) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = mastui
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        if let models { environment["MASTUI_MODELS"] = models.path }
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

extension ModelsCommandTests.SmallFileReference {
    func int(_ key: String) -> Int? {
        if case .int(let v) = metadata.first(where: { $0.key == key })?.value { v } else { nil }
    }

    func string(_ key: String) -> String? {
        if case .string(let v) = metadata.first(where: { $0.key == key })?.value { v } else { nil }
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
