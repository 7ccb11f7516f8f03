import Foundation
import MASKit
import Testing

/// SmolLM2-135M-Instruct's tokenizer against llama.cpp (fixture: scripts/reference/tokenizer_fixtures.py),
/// with the model's own settings and with the other pre-tokenizers and BOS/EOS flags llama.cpp was
/// given as metadata overrides.
@Suite struct BPETokenizerTests {
    struct Fixture: Decodable {
        struct Variant: Decodable {
            struct Overrides: Decodable, CustomStringConvertible {
                init(pre: String?, addBOS: Bool?, addEOS: Bool?) {
                    (self.pre, self.addBOS, self.addEOS) = (pre, addBOS, addEOS)
                }
                let pre: String?
                let addBOS: Bool?
                let addEOS: Bool?
                enum CodingKeys: String, CodingKey {
                    case pre = "tokenizer.ggml.pre"
                    case addBOS = "tokenizer.ggml.add_bos_token"
                    case addEOS = "tokenizer.ggml.add_eos_token"
                }
                var description: String { "pre=\(pre ?? "-") addBOS=\(addBOS.map(String.init) ?? "-") addEOS=\(addEOS.map(String.init) ?? "-")" }
            }
            struct Case: Decodable {
                let ids: [String: [Int32]]
                let decoded_skip_special: String
                let decoded_keep_special: String
            }
            let overrides: Overrides
            let cases: [Case]
        }
        struct Piece: Decodable {
            let id: Int32
            let special: String
            let plain: String
        }
        struct Vocabulary: Decodable {
            let tokens: Int
            let pre: String
            let bos: Int32
            let eos: Int32
            let pad: Int32
            let unknown: Int32
            let add_bos: Bool
            let add_eos: Bool
            let control: [Int]
        }
        let vocabulary: Vocabulary
        let texts: [String]
        let variants: [Variant]
        let pieces: [Piece]
    }

    static let fixture: Result<Fixture, any Error> = Result {
        let data = try Data(contentsOf: TestSupport.fixture("tokenizer/smollm2.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// The model's vocabulary read through our GGUF reader, once.
    struct SmolLM2: Sendable {
        let gguf: GGUFFile
        let vocabulary: BPEVocabulary
    }

    static let smolLM2: Result<SmolLM2, any Error> = Result {
        let gguf = try GGUFFile(url: TestSupport.model(.smolLM2))
        return SmolLM2(gguf: gguf, vocabulary: try BPEVocabulary(gguf: gguf))
    }

    /// The model's tokenizer, or the same vocabulary with the settings llama.cpp was given as overrides.
    static func tokenizer(_ overrides: Fixture.Variant.Overrides) throws -> BPETokenizer {
        let model = try smolLM2.get()
        let base = model.vocabulary
        guard overrides.pre != nil || overrides.addBOS != nil || overrides.addEOS != nil else {
            return BPETokenizer(vocabulary: base)
        }
        let vocabulary = try BPEVocabulary(
            tokens: base.tokens, merges: model.gguf.stringArray("tokenizer.ggml.merges"),
            tokenTypes: base.tokenTypes.map(\.rawValue),
            bosID: base.bosID, eosID: base.eosID, eotID: base.eotID, padID: base.padID, unknownID: base.unknownID,
            addBOS: overrides.addBOS ?? base.addBOS, addEOS: overrides.addEOS ?? base.addEOS,
            preTokenizer: overrides.pre ?? base.preTokenizer.name)
        return BPETokenizer(vocabulary: vocabulary)
    }

    @Test func readsTheVocabularyFromTheGGUFLikeLlamaCpp() throws {
        let expected = try Self.fixture.get().vocabulary
        let vocabulary = try Self.smolLM2.get().vocabulary
        #expect(vocabulary.count == expected.tokens)
        #expect(vocabulary.preTokenizer.name == expected.pre)
        #expect(vocabulary.bosID == expected.bos && vocabulary.eosID == expected.eos)
        #expect(vocabulary.padID == expected.pad && vocabulary.unknownID == expected.unknown)
        #expect(vocabulary.addBOS == expected.add_bos && vocabulary.addEOS == expected.add_eos)
        #expect(vocabulary.tokenTypes.indices.filter { vocabulary.tokenTypes[$0] == .control } == expected.control)
    }

    @Test(arguments: 0 ..< 6)
    func encodesLikeLlamaCpp(variantIndex: Int) throws {
        let fixture = try Self.fixture.get()
        let variant = fixture.variants[variantIndex]
        let tokenizer = try Self.tokenizer(variant.overrides)
        try #require(fixture.texts.count >= 40 && variant.cases.count == fixture.texts.count)
        for (text, expected) in zip(fixture.texts, variant.cases) {
            let modes: [(String, Bool, Bool)] = [
                ("plain", false, false), ("parse_special", false, true),
                ("add_special", true, false), ("add_special_parse_special", true, true),
            ]
            for (mode, addSpecial, parseSpecial) in modes {
                #expect(tokenizer.encode(text, addSpecial: addSpecial, parseSpecial: parseSpecial) == expected.ids[mode],
                        "\(variant.overrides) \(mode) \(text.prefix(60).debugDescription)")
            }
        }
    }

    @Test(arguments: 0 ..< 6)
    func decodesLikeLlamaCpp(variantIndex: Int) throws {
        let fixture = try Self.fixture.get()
        let variant = fixture.variants[variantIndex]
        let tokenizer = try Self.tokenizer(variant.overrides)
        for (text, expected) in zip(fixture.texts, variant.cases) {
            let ids = try #require(expected.ids["add_special_parse_special"])
            #expect(try tokenizer.decode(ids, skipSpecial: true).utf8.elementsEqual(expected.decoded_skip_special.utf8),
                    "\(variant.overrides) \(text.prefix(60).debugDescription)")
            #expect(try tokenizer.decode(ids, skipSpecial: false).utf8.elementsEqual(expected.decoded_keep_special.utf8),
                    "\(variant.overrides) \(text.prefix(60).debugDescription)")
        }
    }

    @Test func piecesMatchLlamaCpp() throws {
        let fixture = try Self.fixture.get()
        let tokenizer = try Self.tokenizer(fixture.variants[0].overrides)
        try #require(fixture.pieces.count > 500)
        for piece in fixture.pieces {
            #expect(try tokenizer.pieceBytes(piece.id, special: true).hex == piece.special, "token \(piece.id)")
            #expect(try tokenizer.pieceBytes(piece.id, special: false).hex == piece.plain, "token \(piece.id)")
        }
    }

    @Test func streamingGivesTheDecodedTextAndHoldsBackSplitCharacters() throws {
        let fixture = try Self.fixture.get()
        let variant = fixture.variants[0]
        let tokenizer = try Self.tokenizer(variant.overrides)
        var heldBack = 0
        for (text, expected) in zip(fixture.texts, variant.cases) {
            var stream = StreamingDetokenizer(tokenizer: tokenizer, skipSpecial: false)
            var streamed = ""
            for id in try #require(expected.ids["add_special_parse_special"]) {
                let chunk = try stream.append(id)
                // A chunk never ends inside a character, so it never shows a replacement character.
                #expect(!chunk.unicodeScalars.contains("\u{FFFD}"), "\(text.prefix(60).debugDescription)")
                if stream.pendingByteCount > 0 { heldBack += 1 }
                streamed += chunk
            }
            #expect(stream.pendingByteCount == 0)
            streamed += stream.finish()
            #expect(streamed.utf8.elementsEqual(expected.decoded_keep_special.utf8), "\(text.prefix(60).debugDescription)")
        }
        // CJK, Hangul and emoji come as single-byte tokens in this vocabulary.
        #expect(heldBack > 20)
    }

    @Test func streamingFlushesAnUnfinishedCharacterAsReplacement() throws {
        let fixture = try Self.fixture.get()
        let tokenizer = try Self.tokenizer(fixture.variants[0].overrides)
        let index = try #require(fixture.texts.firstIndex(of: "한국어 텍스트"))
        var stream = StreamingDetokenizer(tokenizer: tokenizer)
        for id in try #require(fixture.variants[0].cases[index].ids["plain"]) {
            let chunk = try stream.append(id)
            guard stream.pendingByteCount > 0 else { continue }
            // Cut the stream here: the unfinished character comes out as one replacement character.
            #expect(!chunk.unicodeScalars.contains("\u{FFFD}"))
            var cut = stream
            #expect(cut.finish() == "\u{FFFD}")
            #expect(cut.pendingByteCount == 0)
            return
        }
        Issue.record("no token of the text ends inside a character")
    }

    @Test func outOfRangeIdsAreErrors() throws {
        let tokenizer = try Self.tokenizer(try Self.fixture.get().variants[0].overrides)
        #expect(throws: TokenizerError.self) { try tokenizer.decode([1, 49152], skipSpecial: true) }
        #expect(throws: TokenizerError.self) { try tokenizer.pieceBytes(-1, special: true) }
        var stream = StreamingDetokenizer(tokenizer: tokenizer)
        #expect(throws: TokenizerError.self) { try stream.append(Int32.max) }
    }
}

private extension [UInt8] {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
