import Foundation
import MASKit
import Testing

/// The tokenizer.json loader against Hugging Face: the hf-tiny checkpoints' expected.json (transformers), and
/// variants of their tokenizer.json files against `tokenizers` (fixture: scripts/reference/hf_tokenizer_fixtures.py).
@Suite struct HuggingFaceTokenizerTests {
    struct Expected: Decodable {
        let text: String
        let input_ids: [Int32]
        let decoded_roundtrip: String
        let chat_text: String
        let chat_ids: [Int32]
    }

    static let models = ["gemma3", "llama", "mistral", "qwen2", "qwen3", "qwen3_5"]

    static func directory(_ model: String) -> URL { TestSupport.fixture("hf-tiny/\(model)") }

    @Test(arguments: models)
    func matchesTransformersOnTheCheckpoint(model: String) throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.directory(model).appendingPathComponent("expected.json")))
        let loaded = try HuggingFaceTokenizer(directory: Self.directory(model))
        let tokenizer = loaded.tokenizer
        #expect(model == "gemma3" ? tokenizer is SentencePieceTokenizer : tokenizer is BPETokenizer)

        #expect(tokenizer.encode(expected.text, addSpecial: true, parseSpecial: true) == expected.input_ids)
        #expect(try tokenizer.decode(expected.input_ids, skipSpecial: true) == expected.decoded_roundtrip)

        #expect(loaded.chatTemplate.warning == nil)
        let chatText = loaded.chatTemplate.render([.user("What is 17 + 5?")], addGenerationPrompt: true)
        #expect(chatText == expected.chat_text)
        #expect(tokenizer.encode(chatText, addSpecial: false, parseSpecial: true) == expected.chat_ids)
    }

    @Test func readsSpecialTokensFromTheConfig() throws {
        let gemma = try HuggingFaceTokenizer(directory: Self.directory("gemma3"))
        #expect(gemma.bosToken == "<bos>" && gemma.eosToken == "<eos>")
        #expect(gemma.bosID == 2 && gemma.eosID == 1)
        #expect(gemma.chatTemplate.family == .gemma)
        let qwen = try HuggingFaceTokenizer(directory: Self.directory("qwen2"))
        #expect(qwen.bosToken == nil && qwen.bosID == nil)
        #expect(qwen.eosToken == "<|im_end|>" && qwen.eosID == 2)
        #expect(qwen.chatTemplate.family == .chatML)
    }

    // MARK: Variants against `tokenizers`

    struct Fixture: Decodable {
        struct Variant: Decodable {
            struct Case: Decodable {
                let ids: [String: [Int32]]
                let decoded_skip_special: String
                let decoded_keep_special: String
            }
            let name: String
            let base: String
            let cases: [Case]
        }
        let texts: [String]
        let variants: [Variant]
    }

    static let fixtureData = Result { try Data(contentsOf: TestSupport.fixture("tokenizer/hf_tiny.json")) }

    static func fixture() throws -> Fixture { try JSONDecoder().decode(Fixture.self, from: fixtureData.get()) }

    /// The variant's tokenizer.json: the base file with the fixture's replacements and added tokens.
    static func tokenizerJSON(variant index: Int) throws -> Data {
        let fixture = try #require(JSONSerialization.jsonObject(with: fixtureData.get()) as? [String: Any])
        let variant = try #require((fixture["variants"] as? [[String: Any]])?[index])
        let base = try #require(variant["base"] as? String)
        let baseData = try Data(contentsOf: TestSupport.fixture("\(base)/tokenizer.json"))
        var json = try #require(JSONSerialization.jsonObject(with: baseData) as? [String: Any])
        for (key, value) in try #require(variant["set"] as? [String: Any]) {
            json = setting(json, path: key.split(separator: ".").map(String.init)[...], to: value)
        }
        if let added = variant["add_tokens"] as? [Any] {
            json["added_tokens"] = (json["added_tokens"] as? [Any] ?? []) + added
        }
        return try JSONSerialization.data(withJSONObject: json)
    }

    private static func setting(_ object: [String: Any], path: ArraySlice<String>, to value: Any) -> [String: Any] {
        guard let key = path.first else { return object }
        var object = object
        if path.count == 1 {
            object[key] = value
        } else {
            object[key] = setting(object[key] as? [String: Any] ?? [:], path: path.dropFirst(), to: value)
        }
        return object
    }

    @Test(arguments: 0 ..< 9)
    func matchesHuggingFaceTokenizers(variantIndex: Int) throws {
        let fixture = try Self.fixture()
        let variant = fixture.variants[variantIndex]
        let tokenizer = try HuggingFaceTokenizer(tokenizerJSON: Self.tokenizerJSON(variant: variantIndex)).tokenizer
        try #require(fixture.texts.count >= 40 && variant.cases.count == fixture.texts.count)
        for (text, expected) in zip(fixture.texts, variant.cases) {
            let modes: [(String, Bool, Bool)] = [
                ("plain", false, false), ("parse_special", false, true),
                ("add_special", true, false), ("add_special_parse_special", true, true),
            ]
            for (mode, addSpecial, parseSpecial) in modes {
                #expect(tokenizer.encode(text, addSpecial: addSpecial, parseSpecial: parseSpecial) == expected.ids[mode],
                        "\(variant.name) \(mode) \(text.prefix(60).debugDescription)")
            }
            let ids = try #require(expected.ids["add_special_parse_special"])
            #expect(try tokenizer.decode(ids, skipSpecial: true) == expected.decoded_skip_special,
                    "\(variant.name) \(text.prefix(60).debugDescription)")
            #expect(try tokenizer.decode(ids, skipSpecial: false) == expected.decoded_keep_special,
                    "\(variant.name) \(text.prefix(60).debugDescription)")
        }
    }
}
