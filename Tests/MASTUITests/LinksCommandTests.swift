import Foundation
import MASKit
import Testing

/// Runs the built `mastui links check` on the links fixtures.
@Suite struct LinksCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/links", isDirectory: true)

    /// The `mastui` executable `swift test` built next to the test bundle.
    static func mastui() throws -> URL {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mastui")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no mastui at \(binary.path)")
        return binary
    }

    static func check(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = try mastui()
        process.arguments = ["links", "check"] + arguments
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complained = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed, complained)
    }

    @Test func describesAnInnerAndAnOuterLink() throws {
        let innerPath = Self.fixtures.appendingPathComponent("adapter(math).pt").path
        let inner = try Self.check([innerPath, "--inner-dim", "64"])
        #expect(inner.status == 0, "\(inner.errors)")
        let innerFile = try RecursiveLinkFile(url: URL(fileURLWithPath: innerPath))
        for line in ["kind:        inner (ln_res_adapter)", "dimensions:  64 → 64", "dtype:       BF16",
                     "format:      PyTorch checkpoint", "parameters:  \(innerFile.link.parameterCount.formatted())"] {
            #expect(inner.output.contains(line), "missing '\(line)' in:\n\(inner.output)")
        }

        let outer = try Self.check([Self.fixtures.appendingPathComponent("outer_bf16.safetensors").path,
                                    "--source-dim", "64", "--target-dim", "96"])
        #expect(outer.status == 0, "\(outer.errors)")
        #expect(outer.output.contains("kind:        outer (outer_ln_res_adapter)"))
        #expect(outer.output.contains("dimensions:  64 → 96"))
        #expect(outer.output.contains("format:      safetensors"))
    }

    @Test func failsWithTheErrorAndExitCode1() throws {
        let mismatch = try Self.check([Self.fixtures.appendingPathComponent("outer_12.pt").path, "--target-dim", "576"])
        #expect(mismatch.status == 1)
        #expect(mismatch.errors.contains("output size is 96 but the target agent's hidden size is 576"))
        #expect(mismatch.output.isEmpty)

        let hostile = try Self.check([Self.fixtures.appendingPathComponent("hostile.pt").path])
        #expect(hostile.status == 1)
        #expect(hostile.errors.contains("posix.system"))
    }
}
