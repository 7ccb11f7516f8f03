import ArgumentParser
import Foundation
import MASKit

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Print what a model computes for a text: token ids, hidden-state norms, top logits, greedy tokens.",
        discussion: "The fields are those of the reference fixtures (expected.json), so the engine can be compared "
            + "with PyTorch or llama.cpp.")

    @Option(help: "A GGUF model file.")
    var model: String

    @Option(help: "The text to run.")
    var text: String

    @Flag(help: "Print JSON (the default output is JSON too; the flag is accepted for scripts).")
    var json = false

    func run() async throws {
        let textModel = try TextModel(url: URL(fileURLWithPath: model))
        let probe = try ModelProbe(textModel: textModel, text: text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(probe), as: UTF8.self))
    }
}
