import Foundation
import MASKit
import Testing

/// Gemma 3's SentencePiece tokenizer against llama.cpp (fixture: scripts/reference/gemma_tokenizer_fixtures.py),
/// with the model's own settings and with the add_space_prefix / BOS / EOS flags llama.cpp was given as
/// metadata overrides.
@Suite struct SentencePieceTokenizerTests {
    struct Fixture: Decodable {
        struct Variant: Decodable {
            struct Overrides: Decodable, CustomStringConvertible {
                let addSpacePrefix: Bool?
                let addBOS: Bool?
                let addEOS: Bool?
                enum CodingKeys: String, CodingKey {
                    case addSpacePrefix = "tokenizer.ggml.add_space_prefix"
                    case addBOS = "tokenizer.ggml.add_bos_token"
                    case addEOS = "tokenizer.ggml.add_eos_token"
                }
                var isEmpty: Bool { addSpacePrefix == nil && addBOS == nil && addEOS == nil }
                var description: String {
                    [("prefix", addSpacePrefix), ("addBOS", addBOS), ("addEOS", addEOS)]
                        .map { "\($0)=\($1.map(String.init) ?? "-")" }.joined(separator: " ")
                }
            }
            struct Case: Decodable {
                let ids: [String: [Int32]]
                let decoded_skip_special: String
                let decoded_keep_special: String
                let decoded_plain_skip_special: String
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
        let data = try Data(contentsOf: TestSupport.fixture("tokenizer/gemma3.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    /// The model's vocabulary read through our GGUF reader and the tokenizer factory, once.
    struct Gemma3: Sendable {
        let gguf: GGUFFile
        let tokenizer: SentencePieceTokenizer
    }

    static let gemma3: Result<Gemma3, any Error> = Result {
        let gguf = try GGUFFile(url: TestSupport.model(.gemma3))
        let tokenizer = try TokenizerFactory.tokenizer(for: gguf)
        guard let tokenizer = tokenizer as? SentencePieceTokenizer else {
            throw TokenizerError(problem: "the factory made a \(type(of: tokenizer)) for Gemma 3")
        }
        return Gemma3(gguf: gguf, tokenizer: tokenizer)
    }

    /// The model's tokenizer, or the same vocabulary with the settings llama.cpp was given as overrides.
    static func tokenizer(_ overrides: Fixture.Variant.Overrides) throws -> SentencePieceTokenizer {
        let model = try gemma3.get()
        guard !overrides.isEmpty else { return model.tokenizer }
        let base = model.tokenizer.vocabulary
        let vocabulary = try SentencePieceVocabulary(
            tokens: base.tokens, scores: model.gguf.floatArray("tokenizer.ggml.scores"),
            tokenTypes: base.tokenTypes.map(\.rawValue),
            bosID: base.bosID, eosID: base.eosID, padID: base.padID, unknownID: base.unknownID,
            addBOS: overrides.addBOS ?? base.addBOS, addEOS: overrides.addEOS ?? base.addEOS,
            addSpacePrefix: overrides.addSpacePrefix ?? (base.spacePrefix != .none))
        return SentencePieceTokenizer(vocabulary: vocabulary)
    }

    @Test func readsTheVocabularyFromTheGGUFLikeLlamaCpp() throws {
        let expected = try Self.fixture.get().vocabulary
        let vocabulary = try Self.gemma3.get().tokenizer.vocabulary
        #expect(vocabulary.count == expected.tokens)
        #expect(vocabulary.bosID == expected.bos && vocabulary.eosID == expected.eos)
        #expect(vocabulary.padID == expected.pad && vocabulary.unknownID == expected.unknown)
        #expect(vocabulary.addBOS == expected.add_bos && vocabulary.addEOS == expected.add_eos)
        #expect(vocabulary.spacePrefix == .none)
        #expect(vocabulary.tokenTypes.indices.filter { vocabulary.tokenTypes[$0] == .control } == expected.control)
    }

    @Test(arguments: 0 ..< 3)
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

    @Test(arguments: 0 ..< 3)
    func decodesLikeLlamaCpp(variantIndex: Int) throws {
        let fixture = try Self.fixture.get()
        let variant = fixture.variants[variantIndex]
        let tokenizer = try Self.tokenizer(variant.overrides)
        for (text, expected) in zip(fixture.texts, variant.cases) {
            let ids = try #require(expected.ids["add_special_parse_special"])
            let plain = try #require(expected.ids["plain"])
            #expect(try tokenizer.decode(ids, skipSpecial: true).utf8.elementsEqual(expected.decoded_skip_special.utf8),
                    "\(variant.overrides) \(text.prefix(60).debugDescription)")
            #expect(try tokenizer.decode(ids, skipSpecial: false).utf8.elementsEqual(expected.decoded_keep_special.utf8),
                    "\(variant.overrides) \(text.prefix(60).debugDescription)")
            #expect(try tokenizer.decode(plain, skipSpecial: true).utf8.elementsEqual(expected.decoded_plain_skip_special.utf8),
                    "\(variant.overrides) plain \(text.prefix(60).debugDescription)")
        }
    }

    @Test func piecesMatchLlamaCpp() throws {
        let fixture = try Self.fixture.get()
        let tokenizer = try Self.gemma3.get().tokenizer
        try #require(fixture.pieces.count > 1000)
        for piece in fixture.pieces {
            #expect(try tokenizer.pieceBytes(piece.id, special: true).hex == piece.special, "token \(piece.id)")
            #expect(try tokenizer.pieceBytes(piece.id, special: false).hex == piece.plain, "token \(piece.id)")
        }
    }

    @Test func streamingGivesTheDecodedText() throws {
        let fixture = try Self.fixture.get()
        let tokenizer = try Self.gemma3.get().tokenizer
        var heldBack = 0
        for (text, expected) in zip(fixture.texts, fixture.variants[0].cases) {
            var stream = StreamingDetokenizer(tokenizer: tokenizer, skipSpecial: false)
            var streamed = ""
            for id in try #require(expected.ids["add_special_parse_special"]) {
                let chunk = try stream.append(id)
                #expect(!chunk.unicodeScalars.contains("\u{FFFD}"), "\(text.prefix(60).debugDescription)")
                if stream.pendingByteCount > 0 { heldBack += 1 }
                streamed += chunk
            }
            streamed += stream.finish()
            #expect(streamed.utf8.elementsEqual(expected.decoded_keep_special.utf8), "\(text.prefix(60).debugDescription)")
        }
        // Rare characters (emoji, the mathematical alphabets) come as byte tokens.
        #expect(heldBack > 5)
    }

    @Test func outOfRangeIdsAreErrors() throws {
        let tokenizer = try Self.gemma3.get().tokenizer
        #expect(throws: TokenizerError.self) { try tokenizer.decode([2, 262_144], skipSpecial: true) }
        #expect(throws: TokenizerError.self) { try tokenizer.pieceBytes(-1, special: true) }
    }
}

private extension [UInt8] {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}
