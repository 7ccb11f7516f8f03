import ArgumentParser
import Foundation
import MASKit

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Stream a model's continuation of a prompt to standard output.")

    @Option(help: "A GGUF model file.")
    var model: String

    @Option(name: .shortAndLong, help: "The prompt.")
    var prompt: String

    @Option(name: .shortAndLong, help: "Most tokens to generate.")
    var n = 128

    @Option(help: "Sampling temperature (0: greedy).")
    var temp: Float = 0.6

    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass.")
    var topP: Float = 0.95

    @Option(name: .customLong("top-k"), help: "Keep only the k most likely tokens (0: all).")
    var topK = 0

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Flag(help: "Wrap the prompt as a user message in the model's chat template.")
    var chat = false

    func validate() throws {
        guard n > 0 else { throw ValidationError("-n must be positive") }
    }

    func run() async throws {
        let textModel = try TextModel(url: URL(fileURLWithPath: model))
        if chat, let warning = textModel.chatTemplate.warning { Self.log("warning: \(warning)") }
        let ids = chat
            ? textModel.chatTokens([.user(prompt)]).ids
            : textModel.tokenizer.encode(prompt, addSpecial: true, parseSpecial: false)
        var sampler = try Sampler(settings: SamplingSettings(temperature: temp, topK: topK, topP: topP, seed: seed))
        let context = ModelContext(model: textModel.model)
        let decoding = TextDecoding(context: context, tokenizer: textModel.tokenizer, stopTokens: textModel.endOfGeneration,
                                    maxNewTokens: n)

        let start = Date()
        let output = try context.prefill(tokens: ids)
        let prefillSeconds = Date().timeIntervalSince(start)
        var streamed = ""
        let decoded = try await decoding.decode(after: output, history: ids, sampler: &sampler) { _, piece in
            streamed += piece
            Self.write(piece)
        }
        let generated = decoded.tokens
        // The detokeniser's last bytes come with the result, not as a token's piece.
        Self.write(String(decoding: decoded.text.utf8.dropFirst(streamed.utf8.count), as: UTF8.self) + "\n")
        let decodeSeconds = Date().timeIntervalSince(start) - prefillSeconds
        Self.log(String(format: "[generate] prompt %d tokens at %.1f tok/s, %d generated at %.1f tok/s",
                        ids.count, Double(ids.count) / prefillSeconds, generated,
                        Double(generated) / max(decodeSeconds, 1e-9)))
    }

    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
