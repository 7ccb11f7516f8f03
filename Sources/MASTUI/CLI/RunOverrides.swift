import ArgumentParser
import MASKit

/// The options that change a style's schedule for one invocation (`mastui run`, `mastui tui`).
struct RunOverrides: ParsableArguments {
    @Option(help: ArgumentHelp("How agents pass their work on: latent (RecursiveMAS), text (each agent writes text for the next), or single (the closing agent alone). Default: the style's.",
                               valueName: "latent|text|single"))
    var method: RunMethod?

    @Flag(help: "The closing agent decodes an answer in every round, not only the last (default: the style's).")
    var decodeEveryRound = false

    // Unconditional parsing: "--rounds -1" is a value to refuse, not a missing one.
    @Option(parsing: .unconditional, help: "Recursion rounds (default: the style's).")
    var rounds: Int?

    @Option(parsing: .unconditional, help: "Latent steps per rollout (default: the style's).")
    var latentSteps: Int?

    @Option(parsing: .unconditional, help: "Most tokens the final agent may decode (default: the style's).")
    var maxNewTokens: Int?

    @Option(help: "Sampling seed for every decode (default: the style's).")
    var seed: UInt64?

    /// Receiver tokens shown per latent when peeking (`mastui run --peek`; always computed in the UI, toggled by `p`).
    static let peekTokens = 5

    func validate() throws {
        let bounded = [("--rounds", rounds, ScheduleLimits.rounds), ("--latent-steps", latentSteps, ScheduleLimits.latentSteps),
                       ("--max-new-tokens", maxNewTokens, ScheduleLimits.newTokens)]
        for (name, value, range) in bounded {
            if let value, let problem = ScheduleLimits.problem(value, range) { throw ValidationError("\(name) \(problem)") }
        }
    }

    func options(stepMode: StepMode = .continuous) -> RunOptions {
        RunOptions(method: method, rounds: rounds, latentSteps: latentSteps, maxNewTokens: maxNewTokens,
                   decodeEveryRound: decodeEveryRound ? true : nil, seed: seed, stepMode: stepMode)
    }
}

extension RunMethod: ExpressibleByArgument {}
