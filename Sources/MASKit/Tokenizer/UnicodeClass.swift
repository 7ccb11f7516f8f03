/// The coarse Unicode classes the pre-tokenizer patterns test (`\s`, `\p{L}`, `\p{N}`, `\p{P}`).
/// White_Space wins over the general category; everything else (marks, symbols, controls,
/// unassigned code points) is `other`.
enum UnicodeClass: UInt8, Sendable {
    case whitespace
    case letter
    case number
    case punctuation
    case other

    init(_ scalar: UInt32) {
        if scalar < 128 {
            self = UnicodeClass.ascii[Int(scalar)]
        } else if let value = Unicode.Scalar(scalar) {
            self = UnicodeClass(classifying: value)
        } else {
            self = .other
        }
    }

    private init(classifying scalar: Unicode.Scalar) {
        let properties = scalar.properties
        if properties.isWhitespace {
            self = .whitespace
            return
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            self = .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            self = .punctuation
        default:
            self = .other
        }
    }

    private static let ascii: [UnicodeClass] = (0 ..< 128).map { UnicodeClass(classifying: Unicode.Scalar(UInt8($0))) }
}
