import Foundation
import MASKit
import Testing

/// Word splits against the Python `regex` module running llama.cpp's patterns
/// (fixture: scripts/reference/pretokenizer_splits.py).
@Suite struct PreTokenizerTests {
    struct Fixture: Decodable {
        struct Case: Decodable {
            let text: String
            let splits: [String: [String]]
        }
        let cases: [Case]
    }

    static func fixture() throws -> Fixture {
        let data = try Data(contentsOf: TestSupport.fixture("tokenizer/pretokenizer_splits.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    @Test(arguments: ["llama-bpe", "qwen2", "gpt-2", "smollm", "default"])
    func splitsLikeThePythonRegexModule(name: String) throws {
        let fixture = try Self.fixture()
        let preTokenizer = try PreTokenizer(name: name)
        try #require(fixture.cases.count > 300)
        for testCase in fixture.cases {
            let expected = try #require(testCase.splits[name])
            // Compare bytes: String equality would treat canonically equivalent pieces as equal.
            let pieces = preTokenizer.split(testCase.text)
            #expect(pieces.map { Array($0.utf8) } == expected.map { Array($0.utf8) },
                    "\(name) \(testCase.text.debugDescription): \(pieces) != \(expected)")
        }
    }

    @Test func namesMapToLlamaCppPatternsAndFlags() throws {
        let llama3 = try PreTokenizer(name: "llama-bpe")
        #expect(llama3.pattern == .llama3 && llama3.ignoresMerges && llama3.addsBOSByDefault && llama3.cleansSpaces)
        let smollm = try PreTokenizer(name: "smollm")
        #expect(smollm.pattern == .digitsThenGPT2 && !smollm.cleansSpaces && !smollm.ignoresMerges)
        #expect(try PreTokenizer(name: "qwen2").pattern == .qwen2)
        #expect(try PreTokenizer(name: nil).name == "default")
        #expect(try PreTokenizer(name: "").pattern == .legacyDefault)
    }

    @Test func unknownNameIsAClearError() {
        #expect {
            try PreTokenizer(name: "no-such-model")
        } throws: { error in
            "\(error)".hasPrefix("unknown pre-tokenizer 'no-such-model' (tokenizer.ggml.pre)")
        }
    }
}
