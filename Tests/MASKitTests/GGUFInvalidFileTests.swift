import Foundation
import MASKit
import Testing

/// Broken and hostile files: each must throw one clear `GGUFError` line naming the file.
@Suite("GGUF invalid files")
struct GGUFInvalidFileTests {
    typealias Tensor = GGUFTestWriter.Tensor

    @Test("wrong magic")
    func wrongMagic() throws {
        var bytes = GGUFTestWriter.sample().bytes()
        bytes[0 ..< 4] = [0x7F, 0x45, 0x4C, 0x46]
        try expectError(bytes, "bad.gguf: not a GGUF file (it starts with 0x7F 0x45 0x4C 0x46, not \"GGUF\")")
    }

    @Test("unsupported and big-endian versions")
    func versions() throws {
        var writer = GGUFTestWriter.sample()
        writer.version = 1
        try expectError(writer.bytes(), "bad.gguf: unsupported GGUF version 1 (only versions 2 and 3 are read)")
        writer.version = 4
        try expectError(writer.bytes(), "bad.gguf: unsupported GGUF version 4 (only versions 2 and 3 are read)")
        writer.version = UInt32(3).byteSwapped
        try expectError(writer.bytes(), "bad.gguf: big-endian GGUF files are not supported")
    }

    @Test("empty file, directory and missing file")
    func notFiles() throws {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let empty = try scratch.write([], name: "empty.gguf")
        #expect { try GGUFFile(url: empty) } throws: { error in
            (error as? GGUFError)?.description.hasPrefix("empty.gguf: truncated: the GGUF magic needs 4 bytes") == true
        }
        #expect { try GGUFFile(url: scratch.url) } throws: { error in
            (error as? GGUFError)?.description == "\(scratch.url.lastPathComponent): not a regular file"
        }
        #expect { try GGUFFile(url: scratch.url.appendingPathComponent("nope.gguf")) } throws: { error in
            (error as? GGUFError)?.description == "nope.gguf: cannot open: No such file or directory"
        }
    }

    @Test("a tensor whose data runs past the end of the file")
    func tensorPastEnd() throws {
        var writer = GGUFTestWriter.sample()
        writer.tensors[3].dimensions = [8]  // 16 bytes declared, 14 written
        try expectError(writer.bytes(), contains: "tensor 'f16.vector' (16 bytes at data offset ")
        writer = GGUFTestWriter.sample()
        writer.tensors[0].offset = UInt64(Int64.max) & ~31
        try expectError(writer.bytes(), contains: "tensor 'f32.matrix' (48 bytes at data offset 9223372036854775776) lies past the end of the file")
    }

    @Test("unknown tensor type id")
    func unknownTensorType() throws {
        var writer = GGUFTestWriter.sample()
        writer.tensors[1].typeID = 20  // IQ4_NL: not read by this engine
        try expectError(writer.bytes(), "bad.gguf: tensor 'q4_0.matrix' has unknown ggml type id 20")
    }

    @Test("absurd dimensions")
    func absurdDimensions() throws {
        var writer = GGUFTestWriter.sample()
        writer.tensors[0].dimensions = [4, 3, 1, 1, 1]
        try expectError(writer.bytes(), "bad.gguf: tensor 'f32.matrix' has 5 dimensions (1 to 4 are allowed)")
        writer.tensors[0].dimensions = []
        try expectError(writer.bytes(), "bad.gguf: tensor 'f32.matrix' has 0 dimensions (1 to 4 are allowed)")
        writer.tensors[0].dimensions = [UInt64.max, 1]
        try expectError(writer.bytes(), contains: "a dimension of tensor 'f32.matrix' is 18446744073709551615, more than the limit")
        writer.tensors[0].dimensions = [1 << 30, 1 << 30, 1 << 30]
        try expectError(writer.bytes(), "bad.gguf: tensor 'f32.matrix' has more than 281474976710656 elements")
        writer.tensors[0].dimensions = [1 << 24, 1 << 24]
        try expectError(writer.bytes(), contains: "tensor 'f32.matrix' (1125899906842624 bytes at data offset 0) lies past the end")
        writer = GGUFTestWriter.sample()
        writer.tensors[1].dimensions = [48, 2]
        try expectError(writer.bytes(),
                        "bad.gguf: tensor 'q4_0.matrix' has rows of 48 elements, not a multiple of the Q4_0 block size 32")
    }

    @Test("absurd counts and lengths")
    func absurdCounts() throws {
        var header = GGUFBytes()
        header.bytes = Array("GGUF".utf8)
        header.append(UInt32(3))
        var file = header
        file.append(UInt64.max)
        file.append(UInt64(0))
        try expectError(file.bytes, contains: "tensor count is 18446744073709551615, more than the limit")

        file = header
        file.append(UInt64(0))
        file.append(UInt64(1) << 40)
        try expectError(file.bytes, contains: "metadata count is 1099511627776, more than the limit")

        // A metadata count the file is too short for fails on the first missing key.
        file = header
        file.append(UInt64(0))
        file.append(UInt64(1_000_000))
        try expectError(file.bytes, contains: "truncated: length of metadata key #0 needs 8 bytes at offset 24")

        var writer = GGUFTestWriter(metadata: [("k", .string("v"))])
        var bytes = writer.bytes()
        bytes.replaceSubrange(37 ..< 45, with: UInt64.max.littleEndianBytes)  // the string's length
        try expectError(bytes, contains: "length of value of metadata key 'k' is 18446744073709551615, more than the limit")

        writer = GGUFTestWriter(metadata: [("k", .array(elementType: .uint32, [.uint32(1)]))])
        bytes = writer.bytes()
        bytes.replaceSubrange(41 ..< 49, with: UInt64(1 << 25).littleEndianBytes)  // the array's count
        try expectError(bytes, "bad.gguf: truncated: metadata key 'k' has 33554432 uint32 elements, but only 4 bytes are left at offset 49")
        bytes.replaceSubrange(41 ..< 49, with: UInt64(1 << 40).littleEndianBytes)
        try expectError(bytes, contains: "element count of metadata key 'k' is 1099511627776, more than the limit")
    }

    @Test("arrays nested too deep")
    func deepNesting() throws {
        var value = GGUFValue.array(elementType: .uint8, [])
        for _ in 0 ..< 9 { value = .array(elementType: .array, [value]) }
        try expectError(GGUFTestWriter(metadata: [("deep", value)]).bytes(),
                        "bad.gguf: metadata key 'deep': arrays nested deeper than 8 levels")
    }

    @Test("unknown value type, bad bool, duplicate keys and tensors")
    func badMetadata() throws {
        var bytes = GGUFTestWriter(metadata: [("k", .uint8(1))]).bytes()
        bytes.replaceSubrange(33 ..< 37, with: UInt32(13).littleEndianBytes)
        try expectError(bytes, "bad.gguf: metadata key 'k' has unknown value type id 13")

        bytes = GGUFTestWriter(metadata: [("k", .bool(true))]).bytes()
        bytes[37] = 2
        try expectError(bytes, "bad.gguf: metadata key 'k': bool value is 2, not 0 or 1")

        try expectError(GGUFTestWriter(metadata: [("k", .uint8(1)), ("k", .uint8(2))]).bytes(),
                        "bad.gguf: duplicate metadata key 'k'")

        var writer = GGUFTestWriter.sample()
        writer.tensors[1].name = writer.tensors[0].name
        try expectError(writer.bytes(), "bad.gguf: duplicate tensor 'f32.matrix'")
    }

    @Test("misaligned tensor offset")
    func misalignedOffset() throws {
        var writer = GGUFTestWriter.sample()
        writer.tensors[1].offset = 56
        try expectError(writer.bytes(), "bad.gguf: tensor 'q4_0.matrix' has data offset 56, not a multiple of the alignment 32")
    }

    @Test("bad general.alignment")
    func badAlignment() throws {
        var writer = GGUFTestWriter.sample()
        writer.metadata.append(("general.alignment", .uint32(48)))
        try expectError(writer.bytes(), "bad.gguf: general.alignment 48 is not a power of two up to 1073741824")
        writer.metadata[writer.metadata.count - 1].value = .uint32(0)
        try expectError(writer.bytes(), "bad.gguf: general.alignment 0 is not a power of two up to 1073741824")
        writer.metadata[writer.metadata.count - 1].value = .string("32")
        try expectError(writer.bytes(), "bad.gguf: general.alignment is a string, not an integer")
    }

    // MARK: Helpers

    private func expectError(_ bytes: [UInt8], _ description: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try thrownError(bytes)
        #expect(error?.description == description, sourceLocation: sourceLocation)
    }

    private func expectError(_ bytes: [UInt8], contains fragment: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try thrownError(bytes)
        #expect(error?.description.hasPrefix("bad.gguf: ") == true, sourceLocation: sourceLocation)
        #expect(error?.description.contains(fragment) == true, "\(String(describing: error))",
                sourceLocation: sourceLocation)
    }

    /// The `GGUFError` that opening these bytes as bad.gguf throws (nil, and an issue, when it opens).
    private func thrownError(_ bytes: [UInt8]) throws -> GGUFError? {
        let scratch = try GGUFScratchDirectory()
        defer { scratch.remove() }
        let url = try scratch.write(bytes, name: "bad.gguf")
        do {
            _ = try GGUFFile(url: url)
            Issue.record("bad.gguf opened without an error")
            return nil
        } catch let error as GGUFError {
            #expect(!error.description.contains("\n"))
            return error
        }
    }
}
