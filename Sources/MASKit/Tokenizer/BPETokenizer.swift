/// llama.cpp's byte-level BPE tokenizer: literal special tokens, then the vocabulary's pre-tokenizer,
/// then merges by rank over GPT-2's byte alphabet.
public struct BPETokenizer: Tokenizer {
    public let vocabulary: BPEVocabulary

    public init(vocabulary: BPEVocabulary) {
        self.vocabulary = vocabulary
    }

    public var vocabularySize: Int { vocabulary.count }

    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int32] {
        let bytes = Array(text.utf8)
        var output: [Int32] = []
        output.reserveCapacity(bytes.count / 3 + 2)
        if addSpecial, vocabulary.addBOS, let bos = vocabulary.bosID { output.append(bos) }

        var merger = BPEWordMerger(merges: vocabulary.merges)
        let partition = LiteralTokenPartition(literalTokens: vocabulary.literalTokens)
        for fragment in partition.fragments(of: bytes, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id):
                output.append(id)
            case .text(let range):
                let fragment = vocabulary.normalizesToNFC ? UnicodeNormalization.nfc(bytes[range]) : Array(bytes[range])
                let text = ClassifiedText(fragment[...])
                var start = 0
                for end in vocabulary.preTokenizer.pieceEnds(of: text) {
                    let word = fragment[text.byteOffsets[start] ..< text.byteOffsets[end]]
                    start = end
                    if let words = vocabulary.idOfWord, let id = word.withUnsafeBufferPointer({ words.id($0) }) {
                        output.append(id)
                    } else {
                        merger.merge(word.lazy.map { vocabulary.byteTokens[Int($0)] }, into: &output)
                    }
                }
            }
        }

        if addSpecial, vocabulary.addEOS, let eos = vocabulary.eosID { output.append(eos) }
        return output
    }

    /// As llama.cpp's `llama_detokenize(remove_special: skipSpecial, unparse_special: !skipSpecial)`.
    public func decode(_ ids: [Int32], skipSpecial: Bool = true) throws -> String {
        var ids = ids[...]
        if skipSpecial {
            if vocabulary.addBOS, let bos = vocabulary.bosID, ids.first == bos { ids = ids.dropFirst() }
            if vocabulary.addEOS, let eos = vocabulary.eosID, ids.last == eos { ids = ids.dropLast() }
        }
        var bytes: [UInt8] = []
        for id in ids { bytes += try pieceBytes(id, special: !skipSpecial) }
        if vocabulary.preTokenizer.cleansSpaces { bytes = TokenizationSpaceCleanup.apply(bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func pieceBytes(_ id: Int32, special: Bool = true) throws -> [UInt8] {
        guard id >= 0 && Int(id) < vocabulary.count else {
            throw TokenizerError(problem: "token id \(id) is outside the vocabulary of \(vocabulary.count) tokens")
        }
        let text = vocabulary.tokens[Int(id)]
        switch vocabulary.tokenTypes[Int(id)] {
        case .control, .unknown:
            return special ? Array(text.utf8) : []
        case .userDefined:
            return Array(text.utf8)
        case .normal:
            return Self.bytes(spelledBy: text)
        case .byte:
            return BPEVocabulary.byteValue(text).map { [$0] } ?? []
        case .unused, .undefined:
            return []
        }
    }

    /// The bytes a normal token's text spells; a character outside the byte alphabet comes out as
    /// llama.cpp writes it, "[UNK_BYTE_0x<its UTF-8 in hex><token text>]".
    private static func bytes(spelledBy text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = ByteLevelAlphabet.byte(spelledBy: scalar.value) {
                bytes.append(byte)
            } else {
                let hex = String(scalar).utf8.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
                bytes += Array("[UNK_BYTE_0x\(hex)\(text)]".utf8)
            }
        }
        return bytes
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
