import ArgumentParser
import MASKit

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models found in the models directory.")

    func run() async throws {
        print("no models yet")
    }
}
