import ArgumentParser
import Foundation
import MASKit
import Synchronization

struct ToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "List the deliberation style's tools, or try one by hand.",
        subcommands: [List.self, Try.self])

    /// Options that shape the tools, shared by `list` and `try`.
    struct Options: ParsableArguments {
        @Option(parsing: .unconditional, help: "Seconds a python call may run.")
        var timeout: Double = 10

        @Flag(help: "Run python without the bubblewrap sandbox (limits only).")
        var noSandbox = false

        @Option(help: ArgumentHelp("Directory of .txt/.md files for offline search.", valueName: "dir"))
        var corpus: String?

        @Option(help: ArgumentHelp("Base URL of the Tavily-compatible search API.", valueName: "url"))
        var searchURL = "https://api.tavily.com"

        func validate() throws {
            guard timeout > 0, timeout <= ScheduleLimits.pythonTimeout else {
                throw ValidationError("--timeout must be a number of seconds in (0, \(Int(ScheduleLimits.pythonTimeout))]")
            }
        }

        var python: PythonToolSettings {
            PythonToolSettings(isolation: noSandbox ? .none : .bubblewrap, timeout: timeout)
        }

        var search: SearchToolSettings {
            SearchToolSettings(baseURL: searchURL, corpusDirectory: corpus)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show each tool and how it would run here.")

        @OptionGroup var options: Options

        func run() async throws {
            let python = await PythonTool(settings: options.python).status()
            print("python  ", terminator: "")
            if let interpreter = python.interpreter {
                print("\(interpreter), timeout \(options.timeout) s, "
                      + (python.isolated ? "sandboxed with bubblewrap (no network, only the interpreter and /usr visible, read-only, as an unprivileged user)" : "NOT sandboxed"))
            } else {
                print("unavailable")
            }
            if let note = python.note { print("        \(note)") }
            switch SearchTool(settings: options.search).mode {
            case .web(let endpoint):
                print("search  web API \(endpoint) (key from TAVILY_API_KEY or .env)")
            case .offline(let corpus?):
                print("search  offline BM25 over \(corpus) (no TAVILY_API_KEY)")
            case .offline(nil):
                print("search  unavailable: no TAVILY_API_KEY and no corpus directory (use --corpus DIR)")
            }
            let limits = ToolLimits()
            print("limits  \(limits.maxCallsPerAnswer) calls per answer, results cut at \(limits.resultMaxCharacters) characters")
        }
    }

    struct Try: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one call as an agent would and print the result it would read.",
            discussion: "Example: mastui tools try python 'print(17+5)'")

        @Argument(help: "python or search.")
        var tool: String

        @Argument(help: "The code or the query.")
        var arguments: String

        @OptionGroup var options: Options

        func run() async throws {
            let name: ToolName
            do {
                guard let parsed = try ToolName.set(parsing: [tool]).first else { throw ExitCode.failure }
                name = parsed
            } catch {
                throw ValidationError("\(error)")
            }
            let registry = ToolRegistry.standard(python: options.python, search: options.search)
            let events = Mutex<[MASEvent]>([])
            var session = ToolSession(agent: "user", allowedTools: [name], registry: registry,
                                      callIDPrefix: "try-", emit: { event in events.withLock { $0.append(event) } })
            guard let call = session.feed("<\(name)>\(arguments)</\(name)>") else {
                throw ValidationError("the arguments close the \(name) tag early")
            }
            let turn = await session.perform(call)
            for case let .toolResult(_, status, output, seconds) in events.withLock({ $0 }) {
                print("[\(name) \(status.rawValue) in \(String(format: "%.2f", seconds)) s]")
                print(output)
            }
            if turn.status != .ok { throw ExitCode.failure }
        }
    }
}
