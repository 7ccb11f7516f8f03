/// What a style's questions ask for, as the reference's task modes (spec §6): how the answer is read
/// from the final text, and how the answer-retry stage asks for it when it is missing.
public enum AnswerTask: String, Sendable, CaseIterable {
    case math, choice, code

    /// The answer in `text`; nil when there is none, which is when the retry stage runs.
    public func answer(in text: String) -> String? {
        switch self {
        case .math: AnswerExtraction.extract(from: text)
        case .choice: AnswerExtraction.choice(from: text)
        case .code: AnswerExtraction.code(from: text)
        }
    }

    /// What the retry appends to the answer before continuing it.
    public var retrySuffix: String {
        switch self {
        case .math: #"Final Answer: \boxed{"#
        case .choice: #"Final Choice: \boxed{"#
        case .code: "Your previous output format was invalid. Now output only final code and nothing else.\nFinal Code:\n```python\n"
        }
    }

    /// New tokens of the retry: 16, and for code 256, which is also the least a code retry gets.
    public var retryMaxNewTokens: Int { self == .code ? Self.codeRetryMinimum : 16 }

    static let codeRetryMinimum = 256
}
