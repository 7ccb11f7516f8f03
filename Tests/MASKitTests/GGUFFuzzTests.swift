import Foundation
import MASKit
import Testing

/// Damaged copies of a small valid file: each either opens or throws a one-line `GGUFError`.
@Suite("GGUF damaged files")
struct GGUFFuzzTests {
    @Test("truncation at every byte offset is a clear error")
    func truncation() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let bytes = GGUFTestWriter.sample().bytes()
        #expect(try GGUFFile(url: scratch.write(bytes)).tensors.count == 4)
        for length in 0 ..< bytes.count {
            let url = try scratch.write(Array(bytes[..<length]), name: "cut.gguf")
            do {
                _ = try GGUFFile(url: url)
                Issue.record("the file cut at \(length) bytes opened")
            } catch let error as GGUFError {
                #expect(error.description.hasPrefix("cut.gguf: "))
                #expect(!error.description.contains("\n"))
            }
        }
    }

    @Test("10,000 randomly mutated files each open or throw GGUFError")
    func mutations() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let original = GGUFTestWriter.sample().bytes()
        var random = SplitMix64(seed: 0x6767_7566)
        var opened = 0
        for iteration in 0 ..< 10_000 {
            var bytes = original
            for _ in 0 ... random.next(below: 4) { mutate(&bytes, &random) }
            let url = try scratch.write(bytes, name: "fuzz.gguf")
            do {
                let file = try GGUFFile(url: url)
                // Every tensor's bytes lie in the mapping: reading them all must not fault.
                let sum = file.tensors.reduce(0) { $0 &+ file.bytes(of: $1).reduce(0) { $0 &+ Int($1) } }
                #expect(sum >= 0)
                opened += 1
            } catch let error as GGUFError {
                #expect(error.description.hasPrefix("fuzz.gguf: ") && error.problem.count > 0, "iteration \(iteration)")
            }
        }
        // Some mutations (inside tensor data or string bytes) leave the file valid.
        #expect(opened > 0 && opened < 10_000)
    }

    private func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        let position = bytes.isEmpty ? 0 : random.next(below: bytes.count)
        switch random.next(below: 6) {
        case 0, 1:
            if !bytes.isEmpty { bytes[position] = UInt8(random.next(below: 256)) }
        case 2:
            let insert = (0 ..< 1 + random.next(below: 8)).map { _ in UInt8(random.next(below: 256)) }
            bytes.insert(contentsOf: insert, at: position)
        case 3:
            bytes.removeSubrange(position ..< min(bytes.count, position + 1 + random.next(below: 8)))
        case 4:
            bytes.removeSubrange(position...)
        default:
            // A boundary value over a count, length, dimension or offset field.
            let values: [UInt64] = [0, 1, 0x7F, 0xFFFF_FFFF, 1 << 32, 1 << 62, UInt64(Int64.max), .max]
            let value = values[random.next(below: values.count)].littleEndianBytes
            let start = min(position, max(0, bytes.count - value.count))
            bytes.replaceSubrange(start ..< min(bytes.count, start + value.count), with: value)
        }
    }
}

/// A small seeded generator (SplitMix64) so the fuzz run is the same every time.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
