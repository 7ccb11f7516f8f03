import Foundation

/// Answers inside a decoded text, read as the reference reads them (spec §8.4–8.6).
public enum AnswerExtraction {
    /// A math answer (spec §8.4 steps 1–3): the last `\boxed{…}` without inner braces, else the last
    /// one-line `\boxed{…}` up to the line's last `}`, else the last `Final Answer: …` line; nil when
    /// there is none.
    public static func extract(from text: String) -> String? {
        boxed(in: text) ?? lastMatch(#"(?i)Final Answer:\s*(.+)"#, in: text)
    }

    /// The option letter of a multiple-choice answer (spec §8.5, without a default): the first of the
    /// boxed answer, the last `Final Choice:`/`Final Answer:` line and the whole text that names a letter
    /// A–D, either after a keyword (`answer`, `correct option`…) or as the candidate's first character.
    public static func choice(from text: String) -> String? {
        let candidates = [boxed(in: text), lastMatch(#"(?i)Final (?:Choice|Answer):\s*(.+)"#, in: text), text]
        for candidate in candidates.compactMap({ $0 }) {
            let core = candidate.trimmingCharacters(in: .whitespacesAndNewlines)
            if let letter = firstMatch(choiceKeyword, in: core) ?? firstMatch(choiceLead, in: core) {
                return letter.uppercased()
            }
        }
        return nil
    }

    /// The code of a code answer (spec §8.6): the first ```` ```python ```` block outside `<think>…</think>`,
    /// without fence lines or a leading `python` line; empty for an empty block, nil when there is none.
    public static func code(from text: String) -> String? {
        let visible = (try? NSRegularExpression(pattern: #"(?is)<think>.*?</think>"#)).map {
            $0.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        } ?? text
        guard let block = firstMatch(#"(?is)```python\s*(.*?)```"#, in: visible, trimming: false) else { return nil }
        var lines = block.components(separatedBy: "\n").filter { !$0.hasPrefix("```") }
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        if lines.first?.trimmingCharacters(in: .whitespaces).lowercased() == "python" { lines.removeFirst() }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Spec §8.4 steps 1–2.
    private static func boxed(in text: String) -> String? {
        lastMatch(#"\\boxed\{([^{}]*)\}"#, in: text) ?? lastMatch(#"\\boxed\{(.*)\}"#, in: text)
    }

    /// A keyword, an optional `:`/`-` and bracket, then a letter A–D ending a word.
    private static let choiceKeyword = #"(?i)(?:final\s*choice|final\s*answer|correct\s*choice|correct\s*option|correct\s*answer|choice|option|answer)\s*[:\-]?\s*[(\[]?\s*([A-D])\b"#
    /// An optional bracket and a letter A–D at the start, followed by a closing mark or the end.
    private static let choiceLead = #"(?i)^\s*[(\[]?\s*([A-D])\s*(?:[)\]:.\-]|$)"#

    private static func lastMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        return captured(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).last, in: text, trimming: true)
    }

    private static func firstMatch(_ pattern: String, in text: String, trimming: Bool = true) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        return captured(regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), in: text, trimming: trimming)
    }

    /// The first group of `match`, white space trimmed; nil when it is empty (unless not `trimming`).
    private static func captured(_ match: NSTextCheckingResult?, in text: String, trimming: Bool) -> String? {
        guard let match, let range = Range(match.range(at: 1), in: text) else { return nil }
        guard trimming else { return String(text[range]) }
        let answer = text[range].trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? nil : answer
    }
}
