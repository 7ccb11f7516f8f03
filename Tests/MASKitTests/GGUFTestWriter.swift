import Foundation
import MASKit

/// Builds GGUF files byte by byte for the reader tests, including deliberately broken ones.
struct GGUFTestWriter {
    struct Tensor {
        var name: String
        /// A raw ggml type id, so that tests can write unknown ones.
        var typeID: UInt32
        var dimensions: [UInt64]
        var data: [UInt8]
        /// The offset written in the tensor info; nil places the data after the previous tensor.
        var offset: UInt64?

        init(name: String, type: GGMLType, dimensions: [UInt64], data: [UInt8], offset: UInt64? = nil) {
            self.init(name: name, typeID: type.rawValue, dimensions: dimensions, data: data, offset: offset)
        }

        init(name: String, typeID: UInt32, dimensions: [UInt64], data: [UInt8], offset: UInt64? = nil) {
            self.name = name
            self.typeID = typeID
            self.dimensions = dimensions
            self.data = data
            self.offset = offset
        }
    }

    var version: UInt32 = 3
    var metadata: [(key: String, value: GGUFValue)] = []
    var tensors: [Tensor] = []

    /// The padding the writer uses: a positive `general.alignment` when the metadata has one, else 32.
    var alignment: Int {
        let declared = metadata.first { $0.key == "general.alignment" }?.value.intValue ?? 0
        return declared > 0 ? declared : 32
    }

    func bytes() -> [UInt8] {
        var out = GGUFBytes()
        out.bytes += Array("GGUF".utf8)
        out.append(version)
        out.append(UInt64(tensors.count))
        out.append(UInt64(metadata.count))
        for (key, value) in metadata {
            out.append(string: key)
            out.append(value.type.rawValue)
            out.append(value: value)
        }
        var nextOffset: UInt64 = 0
        for tensor in tensors {
            out.append(string: tensor.name)
            out.append(UInt32(tensor.dimensions.count))
            for dimension in tensor.dimensions { out.append(dimension) }
            out.append(tensor.typeID)
            out.append(tensor.offset ?? nextOffset)
            nextOffset += UInt64(Self.padded(tensor.data.count, to: alignment))
        }
        guard !tensors.isEmpty else { return out.bytes }
        out.pad(to: alignment)
        for (index, tensor) in tensors.enumerated() {
            out.bytes += tensor.data
            if index < tensors.count - 1 { out.pad(to: alignment) }
        }
        return out.bytes
    }

    static func padded(_ count: Int, to alignment: Int) -> Int { (count + alignment - 1) / alignment * alignment }

    /// A small valid file with every metadata value type, nested arrays and four tensors.
    static func sample(version: UInt32 = 3) -> GGUFTestWriter {
        var writer = GGUFTestWriter(version: version)
        writer.metadata = [
            ("general.architecture", .string("testarch")),
            ("general.name", .string("Sample")),
            ("testarch.embedding_length", .uint32(8)),
            ("testarch.block_count", .uint16(2)),
            ("u8", .uint8(0xFE)), ("i8", .int8(-128)), ("u16", .uint16(0xFFFF)), ("i16", .int16(-2)),
            ("u32", .uint32(0xDEAD_BEEF)), ("i32", .int32(Int32.min)), ("f32", .float32(-0.0)),
            ("f32.inf", .float32(.infinity)), ("yes", .bool(true)), ("no", .bool(false)),
            ("s", .string("ünï ✓ 𝄞")), ("s.empty", .string("")),
            ("u64", .uint64(UInt64.max)), ("i64", .int64(Int64.min)), ("f64", .float64(1e300)),
            ("a.empty", .array(elementType: .float32, [])),
            ("a.strings", .array(elementType: .string, [.string("x"), .string(""), .string("<0x0A>")])),
            ("a.floats", .array(elementType: .float32, [.float32(1.5), .float32(-3)])),
            ("a.ints", .array(elementType: .int64, [.int64(-1), .int64(1 << 40)])),
            ("a.nested", .array(elementType: .array, [
                .array(elementType: .uint8, [.uint8(1), .uint8(2)]),
                .array(elementType: .array, [.array(elementType: .bool, [.bool(true)])]),
            ])),
            ("general.file_type", .uint32(2)),
        ]
        writer.tensors = [
            Tensor(name: "f32.matrix", type: .f32, dimensions: [4, 3],
                   data: (0 ..< 12).flatMap { Float($0).bitPattern.littleEndianBytes }),
            Tensor(name: "q4_0.matrix", type: .q4_0, dimensions: [64, 2], data: pattern(count: 4 * 18, seed: 1)),
            Tensor(name: "q4_K.vector", type: .q4_K, dimensions: [256], data: pattern(count: 144, seed: 2)),
            Tensor(name: "f16.vector", type: .f16, dimensions: [7], data: pattern(count: 14, seed: 3)),
        ]
        return writer
    }

    /// Deterministic filler bytes.
    static func pattern(count: Int, seed: UInt8) -> [UInt8] {
        (0 ..< count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 17) }
    }
}

/// Little-endian GGUF encoding.
struct GGUFBytes {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) { bytes += value.littleEndianBytes }

    mutating func append(string: String) {
        append(UInt64(string.utf8.count))
        bytes += Array(string.utf8)
    }

    mutating func pad(to alignment: Int) {
        bytes += [UInt8](repeating: 0, count: GGUFTestWriter.padded(bytes.count, to: alignment) - bytes.count)
    }

    /// A value without its type id (arrays carry their element type and count).
    mutating func append(value: GGUFValue) {
        switch value {
        case .uint8(let v): append(v)
        case .int8(let v): append(v)
        case .uint16(let v): append(v)
        case .int16(let v): append(v)
        case .uint32(let v): append(v)
        case .int32(let v): append(v)
        case .uint64(let v): append(v)
        case .int64(let v): append(v)
        case .float32(let v): append(v.bitPattern)
        case .float64(let v): append(v.bitPattern)
        case .bool(let v): append(UInt8(v ? 1 : 0))
        case .string(let v): append(string: v)
        case .array(let elementType, let elements):
            append(elementType.rawValue)
            append(UInt64(elements.count))
            for element in elements { append(value: element) }
        }
    }
}

extension FixedWidthInteger {
    var littleEndianBytes: [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
}

/// A fresh directory for one test's files, removed by `remove()`.
struct GGUFScratchDirectory {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("mastui-gguf-\(UUID().uuidString)", isDirectory: true)

    init() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ bytes: [UInt8], name: String = "test.gguf") throws -> URL {
        let file = url.appendingPathComponent(name)
        // A new file each time, written with stdio: Foundation's Data.write and ext4's handling of
        // truncated files both flush to disk, far too slow for the thousands of files the fuzz test writes.
        unlink(file.path)
        guard let stream = fopen(file.path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        defer { fclose(stream) }
        guard fwrite(bytes, 1, bytes.count, stream) == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
