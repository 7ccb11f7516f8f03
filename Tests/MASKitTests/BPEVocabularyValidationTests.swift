import MASKit
import Testing

/// Hostile or broken vocabulary data gives one clear error instead of a crash.
@Suite struct BPEVocabularyValidationTests {
    /// A tiny consistent vocabulary: the bytes "a", "b", "Ġ" (space) and their merges.
    static let tokens = ["<s>", "a", "b", "Ġ", "ab", "Ġab"]
    static let merges = ["a b", "Ġ ab"]

    static func problem(_ build: () throws -> BPEVocabulary) -> String? {
        do {
            _ = try build()
            return nil
        } catch let error as TokenizerError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    /// The control case: the same data without the fault builds.
    @Test func aConsistentVocabularyBuilds() {
        #expect(Self.problem {
            try BPEVocabulary(tokens: Self.tokens, merges: Self.merges, tokenTypes: [3, 1, 1, 1, 1, 1],
                              bosID: 0, addBOS: true, preTokenizer: "gpt-2")
        } == nil)
    }

    @Test func emptyVocabulary() {
        #expect(Self.problem { try BPEVocabulary(tokens: [], merges: []) } == "the vocabulary has no tokens")
    }

    @Test func mergeNamingAnUnknownToken() {
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: ["a c"]) }
            == "merge 0 'a c' names 'c', which is not a token")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: ["a b", "b a"]) }
            == "merge 1 'b a' names 'ba', which is not a token")
    }

    @Test func mergeWithoutSeparator() {
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: ["ab"]) }
            == "merge 0 'ab' is not two tokens separated by a space")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [""]) }
            == "merge 0 '' is not two tokens separated by a space")
    }

    @Test func duplicateToken() {
        #expect(Self.problem { try BPEVocabulary(tokens: ["a", "b", "a"], merges: []) }
            == "token 2 'a' duplicates token 0")
    }

    @Test func badTokenTypes() {
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], tokenTypes: [1, 1]) }
            == "2 token types for 6 tokens")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], tokenTypes: [1, 1, 9, 1, 1, 1]) }
            == "token 2 has unknown token type 9")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], tokenTypes: [1, 6, 1, 1, 1, 1]) }
            == "byte token 1 is 'a', not of the form <0xHH>")
    }

    @Test func specialTokenIdsOutsideTheVocabulary() {
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], bosID: 6) }
            == "BOS token id 6 is outside the vocabulary of 6 tokens")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], eotID: -2) }
            == "EOT token id -2 is outside the vocabulary of 6 tokens")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], addBOS: true) }
            == "the vocabulary asks for a BOS token but names none")
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], addEOS: true) }
            == "the vocabulary asks for an EOS token but names none")
    }

    @Test func unknownPreTokenizer() {
        #expect(Self.problem { try BPEVocabulary(tokens: Self.tokens, merges: [], preTokenizer: "klingon") }?
            .hasPrefix("unknown pre-tokenizer 'klingon'") == true)
    }
}
