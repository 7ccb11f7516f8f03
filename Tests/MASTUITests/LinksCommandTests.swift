import Foundation
import MASKit
import Testing

/// Runs the built `mastui links check` on the links fixtures.
@Suite struct LinksCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/links", isDirectory: true)

    static func check(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        try links(["check"] + arguments)
    }

    static func links(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        let result = try MastuiCommand.run(["links"] + arguments, environment: environment)
        return (result.status, String(decoding: result.output, as: UTF8.self), result.errors)
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

    /// `links fit` on a few pairs into a scratch models directory: it reports held-out quality and saves
    /// a loadable link; run again, it keeps the current link; `--check` then reports it fitted.
    @Test func fitsThenKeepsAnInnerLink() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-fitcli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let model = ModelDirectory().path(of: .smolLM2)
        try #require(FileManager.default.fileExists(atPath: model.path), "missing \(model.path): run scripts/setup")
        try FileManager.default.createSymbolicLink(at: scratch.appendingPathComponent(model.lastPathComponent), withDestinationURL: model)
        let text = scratch.appendingPathComponent("qa.tsv")
        try "What is 2 + 3?\t2 + 3 = 5.\nWhat is the capital of Italy?\tThe capital of Italy is Rome.\nName a primary colour.\tRed is a primary colour.\n"
            .write(to: text, atomically: true, encoding: .utf8)
        let arguments = ["fit", "--model", model.lastPathComponent, "--text", text.path, "--epochs", "1"]
        let environment = ["MASTUI_MODELS": scratch.path]

        let first = try Self.links(arguments, environment: environment)
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.output.contains("inner SmolLM2-135M-Instruct.Q4_1: held-out cosine"), "\(first.output)")
        // stderr is a pipe here: progress comes as plain lines at the quarters, never redrawn with \r.
        #expect(!first.errors.contains("\r"), "\(first.errors.debugDescription)")
        let fitting = first.errors.split(separator: "\n").filter { $0.hasPrefix("fitting inner SmolLM2-135M-Instruct.Q4_1: ") }
        let percents = fitting.compactMap { line in line.split(separator: " ").first { $0.hasSuffix("%") }.flatMap { Int($0.dropLast()) } }
        #expect(percents.count == fitting.count && (1...4).contains(percents.count) && percents.last == 100, "\(first.errors)")
        #expect(percents == percents.sorted() && Set(percents.map { $0 / 25 }).count == percents.count && percents.allSatisfy { $0 >= 25 })
        let saved = scratch.appendingPathComponent("links/SmolLM2-135M-Instruct.Q4_1.inner.safetensors")
        #expect(try RecursiveLinkFile(url: saved, expecting: .inner(hiddenSize: 576)).kind == .inner)

        let second = try Self.links(arguments, environment: environment)
        #expect(second.status == 0 && second.output.contains("kept, already fitted"), "\(second.output)")
        let check = try Self.links(arguments + ["--check"], environment: environment)
        #expect(check.status == 0 && check.output.contains(": fitted ("), "\(check.output)")
    }
}
