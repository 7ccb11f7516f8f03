/// Reads the parts of a GGUF header in file order, validating as it goes.
struct GGUFParser {
    typealias Limits = GGUFContents.Limits

    var reader: GGUFByteReader
    private var arrayElementsLeft = Limits.arrayElements

    init(reader: GGUFByteReader) {
        self.reader = reader
    }

    // MARK: Header

    /// Checks the magic and returns the version.
    mutating func readHeader() throws -> Int {
        let magic = try reader.take(4, for: "the GGUF magic")
        guard magic.elementsEqual(GGUFContents.magic) else {
            let shown = magic.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
            throw reader.error("not a GGUF file (it starts with \(shown), not \"GGUF\")")
        }
        let version = try reader.read(UInt32.self, for: "the version")
        guard GGUFContents.supportedVersions.contains(version) else {
            if (1 ... 3).contains(version.byteSwapped) {
                throw reader.error("big-endian GGUF files are not supported")
            }
            throw reader.error("unsupported GGUF version \(version) (only versions 2 and 3 are read)")
        }
        return Int(version)
    }

    // MARK: Metadata

    mutating func readMetadata(count: Int) throws -> (keys: [String], values: [String: GGUFValue]) {
        var keys: [String] = []
        var values: [String: GGUFValue] = [:]
        for index in 0 ..< count {
            let key = try reader.readString(limit: Limits.keyBytes, for: "metadata key #\(index)")
            let type = try readType(for: "metadata key '\(key)'")
            let value = try readValue(of: type, depth: 0, key: key)
            guard values.updateValue(value, forKey: key) == nil else {
                throw reader.error("duplicate metadata key '\(key)'")
            }
            keys.append(key)
        }
        return (keys, values)
    }

    private mutating func readType(for what: @autoclosure () -> String) throws -> GGUFValueType {
        let id = try reader.read(UInt32.self, for: "value type of \(what())")
        guard let type = GGUFValueType(rawValue: id) else {
            throw reader.error("\(what()) has unknown value type id \(id)")
        }
        return type
    }

    private mutating func readValue(of type: GGUFValueType, depth: Int, key: String) throws -> GGUFValue {
        let what = "value of metadata key '\(key)'"
        switch type {
        case .uint8: return .uint8(try reader.read(UInt8.self, for: what))
        case .int8: return .int8(try reader.read(Int8.self, for: what))
        case .uint16: return .uint16(try reader.read(UInt16.self, for: what))
        case .int16: return .int16(try reader.read(Int16.self, for: what))
        case .uint32: return .uint32(try reader.read(UInt32.self, for: what))
        case .int32: return .int32(try reader.read(Int32.self, for: what))
        case .uint64: return .uint64(try reader.read(UInt64.self, for: what))
        case .int64: return .int64(try reader.read(Int64.self, for: what))
        case .float32: return .float32(Float(bitPattern: try reader.read(UInt32.self, for: what)))
        case .float64: return .float64(Double(bitPattern: try reader.read(UInt64.self, for: what)))
        case .bool:
            let byte = try reader.read(UInt8.self, for: what)
            guard byte <= 1 else { throw reader.error("metadata key '\(key)': bool value is \(byte), not 0 or 1") }
            return .bool(byte == 1)
        case .string:
            return .string(try reader.readString(limit: Limits.stringBytes, for: what))
        case .array:
            return try readArray(depth: depth + 1, key: key)
        }
    }

    private mutating func readArray(depth: Int, key: String) throws -> GGUFValue {
        guard depth <= Limits.arrayDepth else {
            throw reader.error("metadata key '\(key)': arrays nested deeper than \(Limits.arrayDepth) levels")
        }
        let elementType = try readType(for: "array elements of metadata key '\(key)'")
        let count = try reader.readCount(limit: Limits.arrayElements, for: "element count of metadata key '\(key)'")
        guard count <= arrayElementsLeft else {
            throw reader.error("metadata arrays hold more than \(Limits.arrayElements) elements in all")
        }
        // Every element takes at least this many bytes, so an absurd count fails before any work.
        let minimumSize = elementType.fixedSize ?? (elementType == .string ? 8 : 12)
        guard count <= reader.remaining / minimumSize else {
            throw reader.error("truncated: metadata key '\(key)' has \(count) \(elementType) elements, "
                + "but only \(reader.remaining) bytes are left at offset \(reader.offset)")
        }
        arrayElementsLeft -= count
        var elements: [GGUFValue] = []
        elements.reserveCapacity(count)
        for _ in 0 ..< count {
            elements.append(try readValue(of: elementType, depth: depth, key: key))
        }
        return .array(elementType: elementType, elements)
    }

    /// `general.alignment`, or the default of 32 when absent.
    func alignment(in metadata: [String: GGUFValue]) throws -> Int {
        guard let value = metadata["general.alignment"] else { return GGUFContents.defaultAlignment }
        guard let alignment = value.intValue else {
            throw reader.error("general.alignment is a \(value.typeName), not an integer")
        }
        guard alignment > 0, alignment <= Limits.alignment, alignment & (alignment - 1) == 0 else {
            throw reader.error("general.alignment \(alignment) is not a power of two up to \(Limits.alignment)")
        }
        return alignment
    }

    // MARK: Tensor infos

    mutating func readTensorInfos(count: Int) throws -> [GGUFRawTensorInfo] {
        var infos: [GGUFRawTensorInfo] = []
        var names: Set<String> = []
        for index in 0 ..< count {
            let info = try readTensorInfo(index: index)
            guard names.insert(info.name).inserted else { throw reader.error("duplicate tensor '\(info.name)'") }
            infos.append(info)
        }
        return infos
    }

    private mutating func readTensorInfo(index: Int) throws -> GGUFRawTensorInfo {
        let name = try reader.readString(limit: Limits.tensorNameBytes, for: "name of tensor #\(index)")
        let dimensionCount = try reader.read(UInt32.self, for: "dimension count of tensor '\(name)'")
        guard (1 ... UInt32(Limits.dimensions)).contains(dimensionCount) else {
            throw reader.error("tensor '\(name)' has \(dimensionCount) dimensions (1 to \(Limits.dimensions) are allowed)")
        }
        var shape: [Int] = []
        var elementCount = 1
        for _ in 0 ..< dimensionCount {
            let dimension = try reader.readCount(limit: Limits.tensorElements, for: "a dimension of tensor '\(name)'")
            let (product, overflow) = elementCount.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= Limits.tensorElements else {
                throw reader.error("tensor '\(name)' has more than \(Limits.tensorElements) elements")
            }
            shape.append(dimension)
            elementCount = product
        }
        let typeID = try reader.read(UInt32.self, for: "type of tensor '\(name)'")
        guard let type = GGMLType(rawValue: typeID) else {
            throw reader.error("tensor '\(name)' has unknown ggml type id \(typeID)")
        }
        guard shape[0] % type.blockSize == 0 else {
            throw reader.error("tensor '\(name)' has rows of \(shape[0]) elements, "
                + "not a multiple of the \(type) block size \(type.blockSize)")
        }
        guard let byteCount = type.byteCount(elements: elementCount) else {
            throw reader.error("tensor '\(name)' is too large (\(elementCount) \(type) elements)")
        }
        let offset = try reader.readCount(limit: Int.max, for: "data offset of tensor '\(name)'")
        return GGUFRawTensorInfo(name: name, type: type, shape: shape, elementCount: elementCount,
                                 byteCount: byteCount, offset: offset)
    }

    /// Places a tensor's data in the file, checking that it is aligned and inside the file.
    func placed(_ info: GGUFRawTensorInfo, dataOffset: Int, alignment: Int) throws -> GGUFTensorInfo {
        guard info.offset % alignment == 0 else {
            throw reader.error("tensor '\(info.name)' has data offset \(info.offset), "
                + "not a multiple of the alignment \(alignment)")
        }
        let fileSize = reader.bytes.count
        let (start, startOverflow) = dataOffset.addingReportingOverflow(info.offset)
        let (end, endOverflow) = start.addingReportingOverflow(info.byteCount)
        guard !startOverflow, !endOverflow, end <= fileSize else {
            throw reader.error("tensor '\(info.name)' (\(info.byteCount) bytes at data offset \(info.offset)) "
                + "lies past the end of the file (\(fileSize) bytes)")
        }
        return GGUFTensorInfo(name: info.name, type: info.type, shape: info.shape, elementCount: info.elementCount,
                              byteCount: info.byteCount, offset: info.offset, fileOffset: start)
    }
}
