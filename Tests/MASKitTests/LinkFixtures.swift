import Foundation
import MASKit
import Testing

/// The links fixtures (Tests/Fixtures/links, see its README) and helpers the link tests share.
enum LinkFixtures {
    static func url(_ name: String) -> URL { TestSupport.fixture("links/\(name)") }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    /// expected.json: PyTorch float32 results for 5 input vectors.
    struct Expected {
        let x: [[Float]]
        let innerOut: [[Float]]
        let outerOfInnerOut: [[Float]]
    }

    static func expected() throws -> Expected {
        let object = try #require(try JSONSerialization.jsonObject(with: data("expected.json")) as? [String: Any])
        func rows(_ key: String) throws -> [[Float]] {
            let rows = try #require(object[key] as? [[Double]], "expected.json lacks \(key)")
            return rows.map { $0.map(Float.init) }
        }
        return Expected(x: try rows("x"), innerOut: try rows("inner_out"), outerOfInnerOut: try rows("outer_of_inner_out"))
    }

    /// The description must be a single non-empty line that starts with the file's name.
    static func expectOneLine(_ error: any Error, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = "\(error)"
        #expect(!text.isEmpty, sourceLocation: sourceLocation)
        #expect(!text.contains("\n"), "multi-line error: \(text)", sourceLocation: sourceLocation)
        #expect(text.hasPrefix(file + ": "), "error does not name \(file): \(text)", sourceLocation: sourceLocation)
        #expect(text.count > file.count + 2, sourceLocation: sourceLocation)
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-links-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// SplitMix64: a small seeded generator so fuzz runs are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random edits of a valid file: byte flips, overwrites with boundary values, insertions, deletions, cuts.
enum Mutator {
    static func mutate(_ original: [UInt8], hotRange: Range<Int>, using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let region = Bool.random(using: &rng) ? hotRange.clamped(to: 0..<bytes.count) : 0..<bytes.count
            let at = region.isEmpty ? 0 : Int.random(in: region, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1: bytes[at] = [0x00, 0xFF, 0x7F, 0x80, 0x0A, 0x22, 0x5D, 0x7D].randomElement(using: &rng) ?? 0
            case 2: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at)
            case 4: bytes.remove(at: at)
            default: bytes.removeSubrange(at...)
            }
        }
        return bytes
    }
}
