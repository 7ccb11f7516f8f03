import ArgumentParser
import MASKit

/// The options that change a style's schedule for one invocation (`mastui run`, `mastui tui`).
struct RunOverrides: ParsableArguments {
    @Option(help: "Recursion rounds (default: the style's).")
    var rounds: Int?

    @Option(help: "Latent steps per rollout (default: the style's).")
    var latentSteps: Int?

    @Option(help: "Most tokens the final agent may decode (default: the style's).")
    var maxNewTokens: Int?

    @Option(help: "Sampling seed for every decode (default: the style's).")
    var seed: UInt64?

    /// Receiver tokens shown per latent when peeking (`mastui run --peek`; always computed in the UI, toggled by `p`).
    static let peekTokens = 5

    func validate() throws {
        for (name, value) in [("--rounds", rounds), ("--latent-steps", latentSteps), ("--max-new-tokens", maxNewTokens)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
    }

    func options(stepMode: StepMode = .continuous) -> RunOptions {
        RunOptions(rounds: rounds, latentSteps: latentSteps, maxNewTokens: maxNewTokens, seed: seed, stepMode: stepMode)
    }
}
