import ArgumentParser
import Foundation
import MASKit

struct StylesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "styles",
        abstract: "List the styles and whether each can run here: its agents' models, checkpoints, memory.",
        discussion: "Reads only file headers; nothing is loaded or downloaded. A missing checkpoint of a supported "
            + "architecture comes with the command that fetches it.")

    @Argument(help: "Style names or .toml files (default: every style found).")
    var styles: [String] = []

    @OptionGroup var checkpoints: CheckpointsOption

    @Flag(help: "Print JSON.")
    var json = false

    func run() async throws {
        let catalog = StyleCatalog()
        let loader = checkpoints.loader
        var entries: [Entry] = []
        for name in styles.isEmpty ? catalog.names() : styles {
            do {
                let style = try Style(contentsOf: catalog.file(for: name))
                entries.append(Entry(name: style.name, family: style.family.rawValue, readiness: loader.readiness(of: style), error: nil))
            } catch {
                entries.append(Entry(name: name, family: nil, readiness: nil, error: "\(error)"))
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(entries), as: UTF8.self))
        } else {
            Console.line(entries.map(\.text).joined(separator: "\n\n"))
        }
        if entries.contains(where: { $0.error != nil }) { throw ExitCode.failure }
    }

    struct Entry: Encodable {
        let name: String
        let family: String?
        let readiness: StyleReadiness?
        let error: String?

        var text: String {
            guard let readiness else { return "\(name)  error: \(error ?? "")" }
            var lines = ["\(name) (\(family ?? "")): \(ReadinessText.verdict(readiness))"]
            let width = readiness.agents.map(\.name.count).max() ?? 0
            for agent in readiness.agents {
                lines.append("  " + agent.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                             + ReadinessText.model(agent) + "  " + ReadinessText.status(agent))
            }
            if let outer = readiness.outerLinks {
                lines.append("  outer links " + outer.id + "  " + ReadinessText.outerLinks(outer))
            }
            lines.append("  " + ReadinessText.memory(readiness))
            return lines.joined(separator: "\n")
        }
    }
}
