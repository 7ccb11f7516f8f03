import ArgumentParser
import Foundation
import MASKit

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Print what a model computes for a text: token ids, hidden-state norms, top logits, greedy tokens.",
        discussion: "The fields are those of the reference fixtures (expected.json), so the engine can be compared "
            + "with PyTorch or llama.cpp.")

    @Option(help: "A GGUF model file or a Hugging Face checkpoint directory.")
    var model: String

    @Option(help: "The text to run.")
    var text: String?

    @Option(help: "Token ids to run as they are, without the tokeniser (e.g. 1,2,3).")
    var ids: String?

    @Flag(help: "Print JSON (the default output is JSON too; the flag is accepted for scripts).")
    var json = false

    func validate() throws {
        guard (text == nil) != (ids == nil) else { throw ValidationError("give either --text or --ids") }
        if let ids, tokenIDs(ids) == nil { throw ValidationError("--ids takes comma-separated token ids, e.g. 1,2,3") }
    }

    func run() async throws {
        let textModel = try TextModel(url: URL(fileURLWithPath: model))
        let input: ModelProbe.Input = if let ids, let list = tokenIDs(ids) { .ids(list) } else { .text(text ?? "") }
        let probe = try await ModelProbe(textModel: textModel, input: input)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(probe), as: UTF8.self))
    }

    private func tokenIDs(_ list: String) -> [Int32]? {
        let ids = list.split(separator: ",", omittingEmptySubsequences: false)
            .map { Int32($0.trimmingCharacters(in: .whitespaces)) }
        return ids.isEmpty || ids.contains(nil) ? nil : ids.compactMap { $0 }
    }
}
