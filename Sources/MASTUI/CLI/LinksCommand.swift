import ArgumentParser
import Foundation
import MASKit

struct LinksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "links",
        abstract: "Inspect RecursiveLink files (.pt or .safetensors) and fit links for the tiny presets.",
        subcommands: [Check.self, LinksFitCommand.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a link file and print its kind, dimensions, dtype, size and format.")

        @Argument(help: "The link file: a torch.save .pt checkpoint or a .safetensors file.")
        var file: String

        @Option(name: .customLong("inner-dim"), help: "Require an inner link of this hidden size.")
        var innerDimension: Int?

        @Option(name: .customLong("source-dim"), help: "Require an outer link from an agent of this hidden size.")
        var sourceDimension: Int?

        @Option(name: .customLong("target-dim"), help: "Require an outer link into an agent of this hidden size.")
        var targetDimension: Int?

        func validate() throws {
            if innerDimension != nil, sourceDimension != nil || targetDimension != nil {
                throw ValidationError("--inner-dim cannot be combined with --source-dim or --target-dim")
            }
        }

        private var expectation: LinkExpectation? {
            if let innerDimension { return .inner(hiddenSize: innerDimension) }
            if sourceDimension != nil || targetDimension != nil {
                return .outer(sourceHiddenSize: sourceDimension, targetHiddenSize: targetDimension)
            }
            return nil
        }

        func run() throws {
            let loaded: RecursiveLinkFile
            do {
                loaded = try RecursiveLinkFile(url: URL(fileURLWithPath: file), expecting: expectation)
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode.failure
            }
            let link = loaded.link
            print("""
                file:        \(loaded.url.path)
                format:      \(loaded.format)
                kind:        \(loaded.kind) (\(loaded.kind.adapterType))
                dimensions:  \(link.inputSize) → \(link.outputSize)
                dtype:       \(loaded.dtype)
                parameters:  \(link.parameterCount.formatted(.number.grouping(.automatic)))
                """)
        }
    }
}
