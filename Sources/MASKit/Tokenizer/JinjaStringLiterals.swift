/// The quoted string literals inside the `{{ … }}` and `{% … %}` tags of a Jinja template, unescaped, in order.
/// Chat-template detection reads built-in texts (a default system prompt, a fixed date) from them; text outside
/// tags is output verbatim and never scanned, so an apostrophe there cannot start a bogus literal.
struct JinjaStringLiterals {
    struct Literal {
        /// Offset (in characters) of the opening quote in the template.
        let offset: Int
        let value: String
    }

    let literals: [Literal]

    init(_ template: String) {
        let chars = Array(template)
        var found: [Literal] = []
        var i = 0
        var inTag = false
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if !inTag {
                if c == "{", next == "{" || next == "%" { inTag = true; i += 2 } else { i += 1 }
                continue
            }
            if (c == "}" && next == "}") || (c == "%" && next == "}") {
                inTag = false
                i += 2
            } else if c == "'" || c == "\"" {
                let start = i
                var value = ""
                i += 1
                while i < chars.count, chars[i] != c {
                    if chars[i] == "\\", i + 1 < chars.count {
                        value.append(Self.unescaped(chars[i + 1]))
                        i += 2
                    } else {
                        value.append(chars[i])
                        i += 1
                    }
                }
                found.append(Literal(offset: start, value: value))
                i += 1
            } else {
                i += 1
            }
        }
        literals = found
    }

    /// The first literal wrapped in `prefix` … `suffix` with something between, returned without the wrapping.
    func firstEnclosed(prefix: String, suffix: String) -> String? {
        for literal in literals where literal.value.count > prefix.count + suffix.count
            && literal.value.hasPrefix(prefix) && literal.value.hasSuffix(suffix) {
            return String(literal.value.dropFirst(prefix.count).dropLast(suffix.count))
        }
        return nil
    }

    /// The first literal that starts after the character offset `offset`.
    func first(after offset: Int) -> String? {
        literals.first { $0.offset > offset }?.value
    }

    private static func unescaped(_ c: Character) -> Character {
        switch c {
        case "n": "\n"
        case "t": "\t"
        case "r": "\r"
        default: c
        }
    }
}
