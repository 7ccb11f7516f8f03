import Foundation
import MASKit

/// What the headless commands write to the terminal. Text from files and models (trace text, names, error
/// messages quoting a file) may hold escape sequences that would retitle or reprogram the terminal: every
/// control character but line breaks and tabs is written escaped (`\u{1B}`).
enum Console {
    static func out(_ text: String) { write(text, to: .standardOutput) }

    /// `print` for headless output: the text and a line break.
    static func line(_ text: String) { out(text + "\n") }

    static func error(_ message: Any) { write("mastui: error: \(message)\n", to: .standardError) }

    static func warning(_ message: Any) { write("mastui: warning: \(message)\n", to: .standardError) }

    private static func write(_ text: String, to handle: FileHandle) {
        guard !text.isEmpty else { return }
        handle.write(Data(FileFormatError.escapingControlCharacters(text, keeping: ["\n", "\t"]).utf8))
    }
}
