/// How a byte-level BPE vocabulary cuts text into words before merging, chosen by the GGUF key
/// `tokenizer.ggml.pre`, with the per-model flags llama.cpp attaches to that name.
public struct PreTokenizer: Sendable, Equatable {
    /// The split rules shared by several model names.
    public enum Pattern: String, Sendable, CaseIterable {
        /// llama.cpp's fallback chain for a missing or "default" name.
        case legacyDefault
        /// GPT-2's pattern.
        case gpt2
        /// Every number scalar on its own, then GPT-2's pattern (SmolLM, StarCoder).
        case digitsThenGPT2
        /// Llama 3's pattern: numbers in groups of up to three.
        case llama3
        /// Llama 3's pattern with every number scalar on its own.
        case qwen2
    }

    /// The name as given (`tokenizer.ggml.pre`), "default" when none was.
    public let name: String
    public let pattern: Pattern
    /// A whole word that is already a token is used as is, without merging (Llama 3).
    public let ignoresMerges: Bool
    /// `decode` removes the space before `?!.,` and some apostrophes (clean_up_tokenization_spaces).
    public let cleansSpaces: Bool
    /// Whether a BOS token is added when the vocabulary does not say.
    public let addsBOSByDefault: Bool

    /// The pre-tokenizer llama.cpp uses for `name` (nil or empty: "default"); throws for names it does not know.
    public init(name: String?) throws {
        let name = name.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        guard let rule = Self.rules[name] else {
            throw TokenizerError(problem: "unknown pre-tokenizer '\(name)' (tokenizer.ggml.pre); known: "
                + Self.rules.keys.sorted().joined(separator: ", "))
        }
        self.name = name
        pattern = rule.pattern
        ignoresMerges = rule.ignoresMerges
        cleansSpaces = rule.cleansSpaces
        addsBOSByDefault = rule.addsBOS
    }

    /// A pre-tokenizer described by other means than a llama.cpp name (a tokenizer.json file); `name` is the
    /// llama.cpp name of the same pattern.
    init(pattern: Pattern, ignoresMerges: Bool, cleansSpaces: Bool) {
        self.pattern = pattern
        name = switch pattern {
        case .legacyDefault: "default"
        case .gpt2: "gpt-2"
        case .digitsThenGPT2: "smollm"
        case .llama3: "llama-bpe"
        case .qwen2: "qwen2"
        }
        self.ignoresMerges = ignoresMerges
        self.cleansSpaces = cleansSpaces
        addsBOSByDefault = false
    }

    /// The words `text` splits into (pre-tokenisation only, no special tokens).
    public func split(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        let classified = ClassifiedText(bytes[...])
        var start = 0
        return pieceEnds(of: classified).map { end in
            defer { start = end }
            return String(decoding: bytes[classified.byteOffsets[start] ..< classified.byteOffsets[end]], as: UTF8.self)
        }
    }

    /// Scalar index where each word of `text` ends, in order.
    func pieceEnds(of text: ClassifiedText) -> [Int] {
        var ends = text.count > 0 ? [text.count] : []
        for stage in stages {
            var finer: [Int] = []
            finer.reserveCapacity(text.count)
            var start = 0
            for end in ends {
                stage.split(text, start ..< end, into: &finer)
                start = end
            }
            ends = finer
        }
        return ends
    }

    private var stages: [SplitStage] {
        switch pattern {
        case .legacyDefault: [.isolate(.punctuation), .gpt2, .isolate(.numbers), .isolate(.asciiDigitTriple)]
        case .gpt2: [.gpt2]
        case .digitsThenGPT2: [.isolate(.singleNumber), .gpt2]
        case .llama3: [.llama3(maxDigits: 3)]
        case .qwen2: [.llama3(maxDigits: 1)]
        }
    }

    private struct Rule {
        var pattern: Pattern
        var cleansSpaces = true
        var ignoresMerges = false
        var addsBOS = false
    }

    /// Names and flags as llama.cpp's vocabulary loader assigns them (src/llama-vocab.cpp).
    private static let rules: [String: Rule] = {
        var rules: [String: Rule] = ["default": Rule(pattern: .legacyDefault)]
        for name in ["gpt-2", "phi-2", "mpt", "olmo", "roberta-bpe", "jina-v1-en", "jina-v2-code"] {
            rules[name] = Rule(pattern: .gpt2)
        }
        for name in ["starcoder", "refact", "codeshell", "exaone", "minerva-7b"] {
            rules[name] = Rule(pattern: .digitsThenGPT2)
        }
        for name in ["smollm", "command-r"] {
            rules[name] = Rule(pattern: .digitsThenGPT2, cleansSpaces: false)
        }
        for name in ["llama3", "llama-v3", "llama-bpe", "falcon3", "pixtral"] {
            rules[name] = Rule(pattern: .llama3, ignoresMerges: true, addsBOS: true)
        }
        for name in ["dbrx", "smaug-bpe"] {
            rules[name] = Rule(pattern: .llama3)
        }
        for name in ["qwen2", "deepseek-r1-qwen"] {
            rules[name] = Rule(pattern: .qwen2, cleansSpaces: false)
        }
        for name in ["stablelm2", "megrez"] {
            rules[name] = Rule(pattern: .qwen2)
        }
        return rules
    }()
}
