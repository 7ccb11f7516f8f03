/// SentencePiece-style tokenizer: literal special tokens, then the text between them with spaces written "▁"
/// (and a "▁" prefix where the vocabulary asks for one), segmented by score (llama.cpp's SPM) or by ranked
/// merges with byte fallback (Hugging Face BPE).
public struct SentencePieceTokenizer: Tokenizer {
    public let vocabulary: SentencePieceVocabulary

    public init(vocabulary: SentencePieceVocabulary) {
        self.vocabulary = vocabulary
    }

    public var vocabularySize: Int { vocabulary.count }

    private static let marker: [UInt8] = Array("\u{2581}".utf8)
    private static let space = UInt8(ascii: " ")

    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int32] {
        let bytes = Array(text.utf8)
        let options = vocabulary.options
        var output: [Int32] = []
        output.reserveCapacity(bytes.count / 3 + 2)
        if addSpecial, vocabulary.addBOS, let bos = vocabulary.bosID { output.append(bos) }

        var segmenter = Segmenter(vocabulary: vocabulary)
        let partition = LiteralTokenPartition(literalTokens: vocabulary.literalTokens)
        for fragment in partition.fragments(of: bytes, parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id):
                output.append(id)
            case .text(let range):
                var piece = options.normalizesToNFC ? UnicodeNormalization.nfc(bytes[range]) : Array(bytes[range])
                if options.escapesSpaces { piece = Self.escapingSpaces(piece) }
                switch options.spacePrefix {
                case .none: break
                case .everyFragment: piece = Self.marker + piece
                case .metaspace(let firstOnly):
                    if (!firstOnly || range.lowerBound == 0) && !piece.starts(with: Self.marker) { piece = Self.marker + piece }
                }
                if options.splitsWords {
                    for word in Self.words(piece) { segmenter.segment(Array(word), into: &output) }
                } else {
                    segmenter.segment(piece, into: &output)
                }
            }
        }

        if addSpecial, vocabulary.addEOS, let eos = vocabulary.eosID { output.append(eos) }
        return output
    }

    /// As llama.cpp's `llama_detokenize(remove_special: skipSpecial, unparse_special: !skipSpecial)` for GGUF
    /// vocabularies, as Hugging Face's `decode(skip_special_tokens: skipSpecial)` for tokenizer.json ones.
    public func decode(_ ids: [Int32], skipSpecial: Bool = true) throws -> String {
        var ids = ids[...]
        var dropsSpace = vocabulary.leadingSpace != .kept
        if skipSpecial {
            if vocabulary.addBOS, let bos = vocabulary.bosID, ids.first == bos {
                ids = ids.dropFirst()
                if vocabulary.leadingSpace == .droppedFromFirstToken { dropsSpace = false }
            }
            if vocabulary.addEOS, let eos = vocabulary.eosID, ids.last == eos { ids = ids.dropLast() }
        }
        var bytes: [UInt8] = []
        for id in ids {
            let piece = try pieceBytes(id, special: !skipSpecial)
            if dropsSpace {
                if vocabulary.leadingSpace == .droppedFromFirstShownToken && skipSpecial && vocabulary.isSpecial[Int(id)] {
                    continue
                }
                dropsSpace = false
                if piece.first == Self.space {
                    bytes += piece.dropFirst()
                    continue
                }
            }
            bytes += piece
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func pieceBytes(_ id: Int32, special: Bool = true) throws -> [UInt8] {
        guard id >= 0 && Int(id) < vocabulary.count else {
            throw TokenizerError(problem: "token id \(id) is outside the vocabulary of \(vocabulary.count) tokens")
        }
        if !special && vocabulary.isSpecial[Int(id)] { return [] }
        let text = vocabulary.tokens[Int(id)]
        switch vocabulary.tokenTypes[Int(id)] {
        case .control, .unknown, .userDefined:
            return Array(text.utf8)
        case .normal:
            return vocabulary.options.unescapesSpaces ? Self.unescapingSpaces(Array(text.utf8)) : Array(text.utf8)
        case .byte:
            return TokenType.byteValue(text).map { [$0] } ?? []
        case .unused, .undefined:
            return []
        }
    }

    private static func escapingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(space) else { return bytes }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(bytes.count + 8)
        for byte in bytes {
            if byte == space { escaped += marker } else { escaped.append(byte) }
        }
        return escaped
    }

    private static func unescapingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == marker[0], bytes[index...].starts(with: marker) {
                output.append(space)
                index += marker.count
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// The text cut before every "▁" (but the first byte), so each word after the first starts with one.
    private static func words(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var words: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 1
        while index < bytes.count {
            if bytes[index] == marker[0], bytes[index...].starts(with: marker) {
                words.append(bytes[start ..< index])
                start = index
                index += marker.count
            } else {
                index += 1
            }
        }
        if start < bytes.count { words.append(bytes[start...]) }
        return words
    }
}

/// Segments escaped words with the vocabulary's algorithm, reusing its scratch space.
private struct Segmenter {
    let vocabulary: SentencePieceVocabulary
    var scoreMerger: SentencePieceScoreMerger?
    var rankMerger: BPEWordMerger?

    init(vocabulary: SentencePieceVocabulary) {
        self.vocabulary = vocabulary
        switch vocabulary.segmentation {
        case .scores(let scores): scoreMerger = SentencePieceScoreMerger(vocabulary: vocabulary, scores: scores)
        case .merges(let merges, _, _): rankMerger = BPEWordMerger(merges: merges)
        }
    }

    mutating func segment(_ word: [UInt8], into output: inout [Int32]) {
        guard !word.isEmpty else { return }
        switch vocabulary.segmentation {
        case .scores:
            scoreMerger?.merge(word, into: &output)
        case .merges(_, let byteFallback, let fusesUnknown):
            if vocabulary.options.ignoresMerges, let id = word.withUnsafeBufferPointer({ vocabulary.idOfText.id($0) }) {
                output.append(id)
                return
            }
            let seeds = seeds(word, byteFallback: byteFallback, fusesUnknown: fusesUnknown)
            rankMerger?.merge(seeds, into: &output)
        }
    }

    /// Hugging Face's initial symbols: the token of each character, else its byte tokens (byte fallback, when
    /// every byte has one), else the unknown token (one for a run of them when fused), else nothing.
    private func seeds(_ word: [UInt8], byteFallback: Bool, fusesUnknown: Bool) -> [Int32] {
        var seeds: [Int32] = []
        seeds.reserveCapacity(word.count)
        var previousWasUnknown = false
        word.withUnsafeBufferPointer { word in
            var start = 0
            while start < word.count {
                let end = start + Self.characterLength(word, at: start)
                let character = UnsafeBufferPointer(rebasing: word[start ..< end])
                start = end
                if let id = vocabulary.idOfText.id(character) {
                    seeds.append(id)
                    previousWasUnknown = false
                    continue
                }
                if byteFallback, character.allSatisfy({ vocabulary.byteTokens[Int($0)] >= 0 }) {
                    seeds += character.map { vocabulary.byteTokens[Int($0)] }
                    previousWasUnknown = false
                    continue
                }
                guard let unknown = vocabulary.unknownID else { continue }
                if !(fusesUnknown && previousWasUnknown) { seeds.append(unknown) }
                previousWasUnknown = true
            }
        }
        return seeds
    }

    /// Bytes of the (valid) UTF-8 character at `index`.
    private static func characterLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        return min(length, bytes.count - index)
    }
}
