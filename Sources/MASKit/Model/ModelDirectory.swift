import Foundation

/// Where mastui keeps its models: `$MASTUI_MODELS`, or `~/.cache/mastui/models`.
public struct ModelDirectory: Sendable {
    public let url: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let custom = environment["MASTUI_MODELS"], !custom.isEmpty {
            url = URL(fileURLWithPath: custom, isDirectory: true)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            url = home.appendingPathComponent(".cache/mastui/models", isDirectory: true)
        }
    }

    /// The two default models that `scripts/setup` installs.
    public enum Default: String, CaseIterable, Sendable {
        case smolLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"
        case gemma3 = "gemma-3-270m-q4_k_m.gguf"
    }

    public func path(of model: Default) -> URL { url.appendingPathComponent(model.rawValue) }

    /// The command that installs missing default models, for error messages.
    public static let setupCommand = "scripts/setup"
}
