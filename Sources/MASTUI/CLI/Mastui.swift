import ArgumentParser
import MASKit

@main
struct Mastui: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mastui",
        abstract: "Run recursive multi-agent systems (RecursiveMAS) on the CPU and watch them think.",
        version: MASKitVersion.string,
        subcommands: [TUICommand.self, RunCommand.self, ReplayCommand.self, ModelsCommand.self, GenerateCommand.self,
                      ProbeCommand.self, BenchCommand.self, LinksCommand.self, ToolsCommand.self, StylesCommand.self,
                      RolloutCommand.self],
        defaultSubcommand: TUICommand.self)
}
