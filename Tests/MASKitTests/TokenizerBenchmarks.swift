import Foundation
import MASKit
import Testing

/// Timings printed for a person to read, never asserted. Run by hand:
/// `MASTUI_BENCH=1 swift test -c release --filter TokenizerBenchmarks`
@Suite(.enabled(if: ProcessInfo.processInfo.environment["MASTUI_BENCH"] != nil))
struct TokenizerBenchmarks {
    /// Wall-clock and this thread's CPU seconds of `rounds` calls, per call.
    static func measure(_ label: String, rounds: Int = 1, _ body: () throws -> Void) rethrows {
        func cpuSeconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let (wallStart, cpuStart) = (Date(), cpuSeconds())
        for _ in 0 ..< rounds { try body() }
        let wall = Date().timeIntervalSince(wallStart) / Double(rounds)
        let cpu = (cpuSeconds() - cpuStart) / Double(rounds)
        print(String(format: "%@: %.3f ms wall, %.3f ms CPU per call", label, wall * 1000, cpu * 1000))
    }

    @Test func smolLM2() throws {
        let url = try TestSupport.model(.smolLM2)
        var gguf: GGUFFile?
        try Self.measure("open GGUF") { gguf = try GGUFFile(url: url) }
        let file = try #require(gguf)
        var vocabulary: BPEVocabulary?
        try Self.measure("BPEVocabulary(gguf:)") { vocabulary = try BPEVocabulary(gguf: file) }
        let tokenizer = BPETokenizer(vocabulary: try #require(vocabulary))

        let texts = try BPETokenizerTests.fixture.get().texts
        let prompt = String(texts.sorted { $0.count > $1.count }.joined().prefix(2000))
        var ids: [Int32] = []
        Self.measure("encode \(prompt.count) characters", rounds: 200) {
            ids = tokenizer.encode(prompt, addSpecial: true, parseSpecial: true)
        }
        var text = ""
        try Self.measure("decode \(ids.count) tokens", rounds: 200) { text = try tokenizer.decode(ids, skipSpecial: true) }
        try Self.measure("stream \(ids.count) tokens", rounds: 200) {
            var stream = StreamingDetokenizer(tokenizer: tokenizer)
            for id in ids { _ = try stream.append(id) }
        }
        #expect(text.count == prompt.count)
    }
}

extension TokenizerBenchmarks {
    @Test func gemma3() throws {
        let url = try TestSupport.model(.gemma3)
        let file = try GGUFFile(url: url)
        var vocabulary: SentencePieceVocabulary?
        try Self.measure("SentencePieceVocabulary(gguf:)") { vocabulary = try SentencePieceVocabulary(gguf: file) }
        let tokenizer = SentencePieceTokenizer(vocabulary: try #require(vocabulary))

        let texts = try SentencePieceTokenizerTests.fixture.get().texts
        let prompt = String(texts.sorted { $0.count > $1.count }.joined().prefix(2000))
        var ids: [Int32] = []
        for parseSpecial in [false, true] {
            Self.measure("encode \(prompt.count) characters, parseSpecial \(parseSpecial)", rounds: 50) {
                ids = tokenizer.encode(prompt, addSpecial: true, parseSpecial: parseSpecial)
            }
        }
        try Self.measure("decode \(ids.count) tokens", rounds: 200) { _ = try tokenizer.decode(ids, skipSpecial: true) }
    }

    @Test func huggingFaceTinyLoad() throws {
        for model in ["llama", "gemma3"] {
            let data = try Data(contentsOf: TestSupport.fixture("hf-tiny/\(model)/tokenizer.json"))
            try Self.measure("HuggingFaceTokenizer(tokenizerJSON:) \(model), \(data.count) bytes", rounds: 20) {
                _ = try HuggingFaceTokenizer(tokenizerJSON: data)
            }
        }
    }
}
