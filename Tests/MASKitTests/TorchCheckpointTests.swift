import Foundation
import MASKit
import Testing

@Suite struct TorchCheckpointTests {
    /// Every tensor of `checkpoint` has the same dtype-independent values, names and shapes as `reference`.
    static func expectSameTensors(_ checkpoint: any TensorFile, _ reference: any TensorFile) throws {
        #expect(Set(checkpoint.tensorNames) == Set(reference.tensorNames))
        for name in reference.tensorNames {
            #expect(checkpoint.info(named: name)?.shape == reference.info(named: name)?.shape, "\(name)")
            #expect(try checkpoint.floats(named: name) == reference.floats(named: name), "\(name)")
        }
    }

    @Test func bf16AndF32CheckpointsMatchTheSafetensorsFiles() throws {
        let innerBF16 = try TorchCheckpoint(url: LinkFixtures.url("adapter(math).pt"))
        let innerF32 = try TorchCheckpoint(url: LinkFixtures.url("inner_f32.pt"))
        let innerReference = try SafetensorsFile(url: LinkFixtures.url("inner_f32.safetensors"))
        #expect(innerBF16.tensorNames == InnerLink.parameterShapes(hiddenSize: 64).map(\.name))
        #expect(innerBF16.info(named: "proj1.weight") == TensorInfo(name: "proj1.weight", dtype: .bf16, shape: [64, 64]))
        #expect(innerF32.info(named: "post_ln.bias")?.dtype == .f32)
        #expect(innerBF16.formatVersion != nil)
        try Self.expectSameTensors(innerBF16, innerReference)
        try Self.expectSameTensors(innerF32, innerReference)

        let outerBF16 = try TorchCheckpoint(url: LinkFixtures.url("outer_12.pt"))
        let outerF32 = try TorchCheckpoint(url: LinkFixtures.url("outer_f32.pt"))
        let outerReference = try SafetensorsFile(url: LinkFixtures.url("outer_bf16.safetensors"))
        try Self.expectSameTensors(outerBF16, outerReference)
        try Self.expectSameTensors(outerF32, outerReference)
        let raw = try outerBF16.withRawBytes(named: "proj1.weight") { Array($0) }
        let reference = try outerReference.withRawBytes(named: "proj1.weight") { Array($0) }
        #expect(raw == reference)
    }

    @Test func readsProtocol4SharedStoragesAndZip64() throws {
        // Made by scripts/reference/make_link_pickle_variants.py from adapter(math).pt's storages.
        let variant = try TorchCheckpoint(url: LinkFixtures.url("inner_bf16_p4_zip64.pt"))
        #expect(variant.formatVersion == 3)
        try Self.expectSameTensors(variant, try TorchCheckpoint(url: LinkFixtures.url("adapter(math).pt")))
    }

    @Test func refusesNonContiguousTensors() throws {
        let error = try #require(throws: FileFormatError.self) {
            try TorchCheckpoint(url: LinkFixtures.url("inner_bf16_transposed.pt"))
        }
        #expect(error.problem.contains("'proj1.weight' is not contiguous"))
    }

    @Test(arguments: [("hostile.pt", "posix.system", "/tmp/pwned-by-pickle"),
                      ("hostile_eval.pt", "builtins.eval", "/tmp/pwned-by-pickle-eval")])
    func refusesHostilePicklesAndRunsNothing(file: String, global: String, marker: String) throws {
        try? FileManager.default.removeItem(atPath: marker)
        let url = LinkFixtures.url(file)
        let error = try #require(throws: FileFormatError.self) { try TorchCheckpoint(url: url) }
        LinkFixtures.expectOneLine(error, file: url.path)
        #expect(error.problem.contains("'\(global)'"))
        #expect(error.problem.contains("refused"))
        #expect(throws: FileFormatError.self) { try RecursiveLinkFile(url: url) }
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func refusesFilesThatAreNotCheckpoints() throws {
        for (bytes, problem) in [(Data("hello".utf8), "too short"),
                                 (Data(repeating: 0x41, count: 100), "no end-of-central-directory"),
                                 (try LinkFixtures.data("inner_f32.safetensors"), "no end-of-central-directory")] {
            let error = try #require(throws: FileFormatError.self) { try TorchCheckpoint(data: bytes, path: "x.pt") }
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    /// A pickle of repeated DUP opcodes grows the stack by one value per byte: refused at the bound, long
    /// before memory runs out.
    @Test func aPickleThatOnlyGrowsTheStackIsRefused() throws {
        let pickle = [0x80, 0x02, 0x4E] + [UInt8](repeating: 0x32, count: 2_000_000) + [0x2E]
        let error = try #require(throws: FileFormatError.self) {
            try TorchCheckpoint(data: Self.storedZip(name: "archive/data.pkl", contents: pickle), path: "dup.pt")
        }
        #expect(error.problem.contains("pickle builds more than 1048576 values at once"), "\(error)")
    }

    /// A one-entry zip archive without compression, as torch.save writes them.
    static func storedZip(name: String, contents: [UInt8]) -> Data {
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { u16(v & 0xFFFF) + u16(v >> 16 & 0xFFFF) }
        let nameBytes = Array(name.utf8)
        let local = u32(0x0403_4B50) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0)
            + u32(contents.count) + u32(contents.count) + u16(nameBytes.count) + u16(0) + nameBytes
        let central = u32(0x0201_4B50) + u16(20) + u16(20) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0)
            + u32(contents.count) + u32(contents.count) + u16(nameBytes.count) + u16(0) + u16(0) + u16(0) + u16(0)
            + u32(0) + u32(0) + nameBytes
        let directoryOffset = local.count + contents.count
        let end = u32(0x0605_4B50) + u16(0) + u16(0) + u16(1) + u16(1) + u32(central.count) + u32(directoryOffset) + u16(0)
        return Data(local + contents + central + end)
    }

    @Test func everyTruncationFailsCleanly() throws {
        let bytes = try LinkFixtures.data("adapter(math).pt")
        // Every cut through the zip records at the end, and a spread of cuts through the rest.
        let tail = bytes.count - 1_500
        for cut in Array(stride(from: 0, to: tail, by: 37)) + Array(tail..<bytes.count) {
            do {
                _ = try TorchCheckpoint(data: bytes.prefix(cut), path: "t.pt")
                Issue.record("prefix of \(cut) bytes parsed")
            } catch {
                LinkFixtures.expectOneLine(error, file: "t.pt")
            }
        }
    }

    @Test(arguments: ["adapter(math).pt", "inner_bf16_p4_zip64.pt"])
    func mutatedCheckpointsParseOrFailWithOneLine(file: String) throws {
        let original = Array(try LinkFixtures.data(file))
        // Half the edits land in the pickle and the zip records, where the structure is.
        let pickle = 0..<900
        let directory = (original.count - 1_200)..<original.count
        var rng = SeededGenerator(state: 7_771)
        var parsed = 0
        for round in 0..<3_000 {
            let hot = round.isMultiple(of: 2) ? pickle : directory
            let mutated = Mutator.mutate(original, hotRange: hot, using: &rng)
            do {
                let checkpoint = try TorchCheckpoint(data: Data(mutated), path: "t.pt")
                for name in checkpoint.tensorNames {
                    let info = try #require(checkpoint.info(named: name))
                    #expect(try checkpoint.floats(named: name).count == info.elementCount)
                }
                parsed += 1
            } catch {
                LinkFixtures.expectOneLine(error, file: "t.pt")
            }
        }
        #expect(parsed > 0)
    }
}
