import Foundation
import MASKit
import Testing

/// Broken or unsupported tokenizer.json / tokenizer_config.json files give one error line naming the file.
@Suite struct HuggingFaceTokenizerInvalidFileTests {
    static let model = #"{"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}"#
    static let byteLevel = #"{"type": "ByteLevel", "add_prefix_space": false, "use_regex": true}"#

    static func file(model: String = model, pre: String = byteLevel, extra: String = "") -> Data {
        Data(#"{"model": \#(model), "pre_tokenizer": \#(pre), "decoder": {"type": "ByteLevel"}\#(extra)}"#.utf8)
    }

    static func problem(_ tokenizerJSON: Data, config: Data? = nil) -> String? {
        do {
            _ = try HuggingFaceTokenizer(tokenizerJSON: tokenizerJSON, tokenizerConfig: config)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aConsistentFileLoads() {
        #expect(Self.problem(Self.file()) == nil)
    }

    @Test func notJSON() {
        #expect(Self.problem(Data("model: BPE".utf8)) == "tokenizer.json: not valid JSON")
        #expect(Self.problem(Data("[1, 2]".utf8)) == "tokenizer.json: not a JSON object")
        #expect(Self.problem(Self.file(), config: Data("{".utf8)) == "tokenizer_config.json: not valid JSON")
    }

    @Test func unsupportedModelTypesAreNamed() {
        for type in ["WordPiece", "Unigram", "WordLevel"] {
            #expect(Self.problem(Self.file(model: #"{"type": "\#(type)", "vocab": {"a": 0}}"#))
                == "tokenizer.json: model type '\(type)' is not supported; supported: BPE")
        }
    }

    @Test func mergesNamingUnknownTokens() {
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a zz"]}"#))
            == "tokenizer.json: merge 0 'a zz' names 'zz', which is not a token")
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": [["a", "b"]]}"#))
            == "tokenizer.json: merge 0 'a b' names 'ab', which is not a token")
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": {"a": 0}, "merges": [["a"]]}"#))
            == "tokenizer.json: model.merges[0] has 1 parts, not 2")
    }

    @Test func missingOrBrokenVocabulary() {
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "merges": []}"#)) == "tokenizer.json: model.vocab is missing")
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": [], "merges": []}"#))
            == "tokenizer.json: model.vocab is an array, not an object")
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": {"a": 0, "b": 2}}"#))
            == "tokenizer.json: token ids are not contiguous: no token has id 1 (the highest is 2)")
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": {"a": 0, "b": true}}"#))
            == "tokenizer.json: model.vocab.b is a boolean, not an integer")
        #expect(Self.problem(Self.file(model: #"{"type": "BPE", "vocab": {"a": 0, "b": -1}}"#))
            == "tokenizer.json: model.vocab.b -1 is not a token id")
        #expect(Self.problem(Data(#"{"pre_tokenizer": null}"#.utf8)) == "tokenizer.json: model is missing")
    }

    @Test func unsupportedComponentsAreNamed() throws {
        let split = #"{"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "\\d+"}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]}"#
        #expect(Self.problem(Self.file(pre: split))?
            .hasPrefix(#"tokenizer.json: pre_tokenizer Split(regex '\d+') + ByteLevel is not supported; supported: ByteLevel;"#) == true)
        #expect(Self.problem(Self.file(pre: #"{"type": "Whitespace"}"#))?
            .hasPrefix("tokenizer.json: pre_tokenizer Whitespace is not supported; supported: ") == true)
        #expect(Self.problem(Self.file(extra: #", "post_processor": {"type": "RobertaProcessing"}"#))
            == "tokenizer.json: post_processor RobertaProcessing is not supported; supported: TemplateProcessing, ByteLevel")
        #expect(Self.problem(Self.file(extra: #", "normalizer": {"type": "Lowercase"}"#))
            == "tokenizer.json: normalizer Lowercase is not supported with a ByteLevel pre-tokenizer")
        #expect(Self.problem(Self.file(extra: #", "added_tokens": [{"id": 3, "content": "<x>", "lstrip": true}]"#))
            == "tokenizer.json: added_tokens[0] ('<x>') sets lstrip, which is not supported")
        #expect(Self.problem(Self.file(extra: #", "added_tokens": [{"id": 1, "content": "<x>"}]"#))
            == "tokenizer.json: added token 1 '<x>' has the id of vocabulary token 'b'")
    }

    @Test func aMissingDirectoryNamesTheFile() {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-no-such-\(UUID().uuidString)")
        #expect(throws: TokenizerError(file: directory.appendingPathComponent("tokenizer.json").path, problem: "no such file")) {
            try HuggingFaceTokenizer(directory: directory)
        }
    }

    // MARK: Fuzzing

    /// 2,400 damaged copies of the hf-tiny byte-level and SentencePiece-style files (byte edits and edits of
    /// the JSON structure): each loads (and then encodes and decodes) or throws one error line naming the file.
    @Test func mutatedFilesLoadOrThrowOneLineErrors() throws {
        let bases = try ["llama", "gemma3"].map { try Data(contentsOf: TestSupport.fixture("hf-tiny/\($0)/tokenizer.json")) }
        let trees = try bases.map { try JSONSerialization.jsonObject(with: $0) }
        var random = SeededRandom(seed: 0x746F_6B65_6E69_7A65)
        var loaded = 0
        var rejected = 0
        for iteration in 0 ..< 2_400 {
            let base = iteration % 3 == 2 ? 1 : 0
            let data: Data
            if iteration % 2 == 0 {
                data = Self.byteMutation(bases[base], &random)
            } else {
                let tree = Self.structuralMutation(trees[base], &random, depth: 0)
                data = try JSONSerialization.data(withJSONObject: tree)
            }
            do {
                let tokenizer = try HuggingFaceTokenizer(tokenizerJSON: data).tokenizer
                let ids = tokenizer.encode("Hello <|im_end|><bos> wörld 17 ☃ \u{2581}", addSpecial: true, parseSpecial: true)
                _ = try tokenizer.decode(ids, skipSpecial: true)
                _ = try tokenizer.decode(ids, skipSpecial: false)
                loaded += 1
            } catch let error as TokenizerError {
                let line = error.description
                #expect(line.hasPrefix("tokenizer.json: ") && !line.contains("\n") && line.count < 2_000, "\(line.prefix(300))")
                rejected += 1
            }
        }
        #expect(loaded > 200 && rejected > 200, "loaded \(loaded), rejected \(rejected)")
    }

    private static let fragments = ["{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "1e400", "0.5", "\\u2581", "\"BPE\"", "\"Unigram\""]

    private static func byteMutation(_ data: Data, _ random: inout SeededRandom) -> Data {
        var bytes = [UInt8](data)
        for _ in 0 ... Int.random(in: 0 ..< 3, using: &random) {
            let position = Int.random(in: 0 ..< max(bytes.count, 1), using: &random)
            switch Int.random(in: 0 ..< 5, using: &random) {
            case 0 where !bytes.isEmpty: bytes[min(position, bytes.count - 1)] = UInt8.random(in: 0 ... 255, using: &random)
            case 1: bytes.removeSubrange(position ..< min(bytes.count, position + Int.random(in: 1 ..< 64, using: &random)))
            case 2: bytes = Array(bytes.prefix(position))
            case 3:
                let fragment = fragments[Int.random(in: 0 ..< fragments.count, using: &random)]
                bytes.insert(contentsOf: Array(fragment.utf8), at: min(position, bytes.count))
            default:
                let end = min(bytes.count, position + Int.random(in: 1 ..< 200, using: &random))
                bytes.insert(contentsOf: Array(bytes[min(position, end) ..< end]), at: end)
            }
        }
        return Data(bytes)
    }

    private static var replacements: [Any] { [
        NSNull(), true, false, -1, 0, 1, 3, 500, 1.5, 1e300, "", "x", "<bos>", "\u{2581}", " ", "BPE", "Sequence",
        "Metaspace", "ByteLevel", "Split", "TemplateProcessing", "<0x41>", [Any](), [String: Any](), ["a", "b"],
    ] }

    /// The tree with one node, reached by a random walk, deleted, replaced or duplicated.
    private static func structuralMutation(_ node: Any, _ random: inout SeededRandom, depth: Int) -> Any {
        let stopsHere = depth > 0 && Int.random(in: 0 ..< 4, using: &random) == 0
        if var object = node as? [String: Any], !object.isEmpty, !stopsHere {
            let key = object.keys.sorted()[Int.random(in: 0 ..< object.count, using: &random)]
            if depth > 0 && Int.random(in: 0 ..< 6, using: &random) == 0 {
                object[key] = nil
            } else if let child = object[key] {
                object[key] = structuralMutation(child, &random, depth: depth + 1)
            }
            return object
        }
        if var array = node as? [Any], !array.isEmpty, !stopsHere {
            let index = Int.random(in: 0 ..< array.count, using: &random)
            switch Int.random(in: 0 ..< 6, using: &random) {
            case 0: array.remove(at: index)
            case 1: array.append(array[index])
            default: array[index] = structuralMutation(array[index], &random, depth: depth + 1)
            }
            return array
        }
        let replacements = Self.replacements
        return replacements[Int.random(in: 0 ..< replacements.count, using: &random)]
    }
}
