import ArgumentParser
import Foundation
import MASKit

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models found in the models directory.",
        discussion: "The directory is $MASTUI_MODELS, or ~/.cache/mastui/models.")

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() async throws {
        let directory = ModelDirectory()
        let rows = ModelRow.rows(in: directory.url)
        if json {
            Console.line(try ModelListJSON(directory: directory.url, rows: rows).encoded())
        } else if rows.isEmpty {
            Console.line("No models (*.gguf) in \(directory.url.path).")
            Console.line("Install the default models with: \(ModelDirectory.setupCommand)")
        } else {
            Console.line("Models in \(directory.url.path):")
            Console.line(ModelTable(rows: rows).text)
        }
    }
}

/// The `--json` output: where the command looked, what it found, and how to install models.
private struct ModelListJSON: Encodable {
    let directory: String
    let models: [ModelRow]
    let setupCommand: String?

    init(directory: URL, rows: [ModelRow]) {
        self.directory = directory.path
        models = rows
        setupCommand = rows.isEmpty ? ModelDirectory.setupCommand : nil
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
