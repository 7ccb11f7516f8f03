import Foundation

/// The answer inside a decoded text, as the reference reads math answers (spec §8.4 steps 1–3): the last
/// `\boxed{…}` without inner braces, else the last one-line `\boxed{…}` up to the line's last `}`,
/// else the last `Final Answer: …` line; nil when there is none.
public enum AnswerExtraction {
    public static func extract(from text: String) -> String? {
        if let plain = lastMatch(#"\\boxed\{([^{}]*)\}"#, in: text) { return plain }
        if let nested = lastMatch(#"\\boxed\{(.*)\}"#, in: text) { return nested }
        return lastMatch(#"(?i)Final Answer:\s*(.+)"#, in: text)
    }

    private static func lastMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        let range = NSRange(text.startIndex..., in: text)
        guard let match = regex.matches(in: text, range: range).last,
              let captured = Range(match.range(at: 1), in: text) else { return nil }
        let answer = text[captured].trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? nil : answer
    }
}
