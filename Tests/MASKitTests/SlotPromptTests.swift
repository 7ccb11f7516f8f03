import Foundation
import MASKit
import Testing

@Suite("Slot prompts")
struct SlotPromptTests {
    struct Case: Decodable {
        var model: String
        var template: String
        var `case`: String
        var system: String
        var user: String
        var markers: [String]
        var rendered: String
        var segments: [String]
    }

    static let cases: [Case] = {
        let data = (try? Data(contentsOf: TestSupport.fixture("recursion/slots.json"))) ?? Data()
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }()

    /// Rendering with the model's chat template and cutting at the markers, against the reference
    /// (Jinja2 rendering + the reference split, scripts/reference/slot_fixtures.py).
    @Test(arguments: cases)
    func segmentsMatchTheReference(_ fixture: Case) throws {
        let gguf = try GGUFFile(url: ModelDirectory().url.appendingPathComponent(fixture.model))
        let template = try ChatTemplate(gguf: gguf, override: fixture.template == "gemma" ? "gemma" : nil)
        let text = template.render([.system(fixture.system), .user(fixture.user)],
                                   options: ChatRenderOptions(enableThinking: false))
        #expect(text == fixture.rendered)
        let prompt = try SlotPrompt(text: text, markers: fixture.markers)
        #expect(prompt.segments == fixture.segments)
    }

    @Test func casesWereLoaded() {
        #expect(Self.cases.count == 10)
    }

    @Test func latentsSitWhereTheMarkersWere() throws {
        let gguf = try GGUFFile(url: try TestSupport.model(.smolLM2))
        let tokenizer = try TokenizerFactory.tokenizer(for: gguf)
        let fixture = try #require(Self.cases.first { $0.model == gguf.fileName && $0.case == "three_slots" })
        let prompt = try SlotPrompt(text: fixture.rendered, markers: fixture.markers)
        let tokens = prompt.tokenSegments(tokenizer)
        // Each segment on its own, control tokens parsed, nothing added.
        for (segment, ids) in zip(prompt.segments, tokens) {
            #expect(ids == tokenizer.encode(segment, addSpecial: false, parseSpecial: true))
            #expect(try tokenizer.decode(ids, skipSpecial: false) == segment)
        }
        #expect(tokens[0].first == tokenizer.encode("<|im_start|>", addSpecial: false, parseSpecial: true).first)

        let latents: [[[Float]]] = (0..<3).map { slot in (0..<4).map { step in [Float](repeating: Float(slot * 10 + step), count: 576) } }
        let sequence = try prompt.splice(tokens: tokens, latents: latents)
        // Flatten to one row descriptor per position.
        var rows: [String] = []
        for segment in sequence {
            switch segment {
            case .tokens(let ids): rows += ids.map { "t\($0)" }
            case .embeddings(let vectors): rows += vectors.map { "e\(Int($0[0]))" }
            }
        }
        let ranges = SlotPrompt.latentPositions(tokens: tokens, latentCounts: [4, 4, 4])
        #expect(rows.count == tokens.map(\.count).reduce(0, +) + 12)
        #expect(ranges[0].lowerBound == tokens[0].count)
        #expect(ranges[2].upperBound == rows.count - tokens[3].count)
        for (slot, range) in ranges.enumerated() {
            #expect(Array(rows[range]) == (0..<4).map { "e\(slot * 10 + $0)" })
        }
        #expect(Array(rows[..<ranges[0].lowerBound]) == tokens[0].map { "t\($0)" })
        #expect(Array(rows[ranges[0].upperBound..<ranges[1].lowerBound]) == tokens[1].map { "t\($0)" })
    }

    @Test func missingOrOutOfOrderMarkersAreErrors() {
        #expect(throws: RecursionError.self) { try SlotPrompt(text: "a <<B>> b <<A>>", markers: ["<<A>>", "<<B>>"]) }
        #expect(throws: RecursionError.self) { try SlotPrompt(text: "nothing here", markers: ["<<A>>"]) }
        #expect(throws: RecursionError.self) {
            try SlotPrompt(text: "x <<A>> y", markers: ["<<A>>"]).splice(tokens: [[1], [2]], latents: [])
        }
    }
}

extension SlotPromptTests.Case: CustomTestStringConvertible {
    var testDescription: String { "\(model) \(self.case)" }
}
