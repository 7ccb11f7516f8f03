import ArgumentParser
import Foundation
import MASKit

/// `mastui rollout`: one agent thinking in latent space on a raw text, for debugging links and models.
struct RolloutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Run one model's latent rollout on a raw text and print the hidden-state norm of each step.",
        discussion: "The text is tokenised as it is (the tokenizer's own BOS, no chat template). Without --inner "
            + "the latents go back unchanged (identity inner link).")

    @Option(help: ArgumentHelp("A GGUF file or a Hugging Face model folder.", valueName: "path"))
    var model: String

    @Option(help: "The text the model reads before thinking.")
    var text: String

    @Option(help: "Latent steps.")
    var steps = 16

    @Option(help: ArgumentHelp("An inner link (.pt or .safetensors) for the model's hidden size.", valueName: "file"))
    var inner: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1") }
    }

    struct Report: Encodable {
        struct Step: Encodable {
            let step: Int
            let hiddenNorm: Float
            let innerNorm: Float
        }

        let model: String
        let hiddenSize: Int
        let promptTokens: Int
        let inner: String
        let steps: [Step]
    }

    func run() async throws {
        let report: Report
        do {
            let url = URL(fileURLWithPath: (model as NSString).expandingTildeInPath)
            let textModel = try TextModel(model: LanguageModel(url: url))
            let hidden = textModel.model.hiddenSize
            let link: LatentMap = try inner.map {
                .link(try RecursiveLinkFile(url: URL(fileURLWithPath: ($0 as NSString).expandingTildeInPath),
                                            expecting: .inner(hiddenSize: hidden)).link)
            } ?? .identity(size: hidden)
            let ids = textModel.tokenizer.encode(text, addSpecial: true, parseSpecial: false)
            let rollout = try LatentRollout.run(prompt: [.tokens(ids)], steps: steps, inner: link,
                                                context: ModelContext(model: textModel.model))
            let norms = zip(rollout.hiddenNorms, rollout.linkedNorms).enumerated().map { index, pair in
                Report.Step(step: index + 1, hiddenNorm: pair.0, innerNorm: pair.1)
            }
            report = Report(model: url.path, hiddenSize: hidden, promptTokens: ids.count, inner: inner ?? "identity",
                            steps: norms)
        } catch {
            Console.error(error)
            throw ExitCode.failure
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("\(report.model): hidden size \(report.hiddenSize), \(report.promptTokens) prompt tokens, inner link \(report.inner)")
            print("step  |h|         |inner(h)|")
            for step in report.steps {
                print(String(format: "%4d  %-10.4f  %.4f", step.step, step.hiddenNorm, step.innerNorm))
            }
        }
    }
}
