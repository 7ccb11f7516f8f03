import Foundation
import TOMLKit

/// A style file as written (TOML, schema in docs/styles.md), before any checking.
struct StyleFile: Decodable {
    var name: String?
    var family: String
    var description: String?
    var rounds: Int?
    var latentSteps: Int?
    var maxNewTokens: Int?
    var systemPrompt: String?
    var decodeEveryRound: Bool?
    var method: String?
    var sampling: Sampling?
    var checkpoints: Checkpoints?
    var tools: Tools?
    var answerRetry: AnswerRetry?
    var agents: [String: Agent]
    var links: [String: String]?

    struct Agent: Decodable {
        var name: String?
        var model: String
        var chatTemplate: String?
        var innerLink: String?
        var systemPrompt: String?
        var prompt: String
        var feedbackPrompt: String?
        var singlePrompt: String?
        var sampling: Sampling?
        var tools: [String]?
        var architecture: String?
        var parameters: String?

        enum CodingKeys: String, CodingKey {
            case name, model, prompt, sampling, tools, architecture, parameters
            case chatTemplate = "chat_template", innerLink = "inner_link", systemPrompt = "system_prompt"
            case feedbackPrompt = "feedback_prompt", singlePrompt = "single_prompt"
        }
    }

    struct Sampling: Decodable {
        var temperature: Double?
        var topP: Double?
        var topK: Int?
        var minP: Double?
        var repetitionPenalty: Double?
        var seed: Int?

        enum CodingKeys: String, CodingKey {
            case temperature, seed
            case topP = "top_p", topK = "top_k", minP = "min_p", repetitionPenalty = "repetition_penalty"
        }
    }

    struct Checkpoints: Decodable {
        /// The outer-link repository of a released style, e.g. "RecursiveMAS/Sequential-Light-Outerlinks".
        var outerLinks: String?
        /// Which task-scoped links to take (math or code); none for task-free repositories.
        var task: String?

        enum CodingKeys: String, CodingKey {
            case task
            case outerLinks = "outer_links"
        }
    }

    struct Tools: Decodable {
        var maxCalls: Int?
        var resultMaxChars: Int?
        var pythonTimeout: Double?
        var corpus: String?

        enum CodingKeys: String, CodingKey {
            case corpus
            case maxCalls = "max_calls", resultMaxChars = "result_max_chars", pythonTimeout = "python_timeout"
        }
    }

    struct AnswerRetry: Decodable {
        var enabled: Bool?
        var task: String?
        var suffix: String?
        var maxNewTokens: Int?

        enum CodingKeys: String, CodingKey {
            case enabled, task, suffix
            case maxNewTokens = "max_new_tokens"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, family, description, rounds, sampling, checkpoints, agents, links, tools, method
        case answerRetry = "answer_retry"
        case latentSteps = "latent_steps", maxNewTokens = "max_new_tokens", systemPrompt = "system_prompt"
        case decodeEveryRound = "decode_every_round"
    }

    /// Parses TOML; unknown keys are errors (a typo must not silently fall back to a default).
    static func parse(_ text: String) throws(RecursionError) -> StyleFile {
        do {
            return try TOMLDecoder(strictDecoding: true).decode(StyleFile.self, from: text)
        } catch let error as TOMLParseError {
            throw RecursionError("line \(error.source.begin.line): \(error.description)")
        } catch let error as UnexpectedKeysError {
            let keys = error.keys.values.map { path in path.map(\.stringValue).joined(separator: ".") }.sorted()
            throw RecursionError("unknown key\(keys.count == 1 ? "" : "s") \(keys.joined(separator: ", "))")
        } catch let error as DecodingError {
            throw RecursionError(Self.reason(error))
        } catch {
            throw RecursionError("\(error)")
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: CodingKey? = nil) -> String {
            (context.codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }
                .joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            // TOMLKit reports a missing key and a value of the wrong type alike: the key not found under itself.
            if context.codingPath.last?.stringValue == key.stringValue { return "\(path(context)) is missing or has the wrong type" }
            return "missing key \(path(context, key))"
        case let .typeMismatch(type, context): return "\(path(context)) must be \(Self.describe(type))"
        case let .valueNotFound(type, context): return "\(path(context)) must be \(Self.describe(type))"
        case let .dataCorrupted(context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a table"
        }
    }
}
