/// The central directory of a zip archive whose entries are stored uncompressed, as `torch.save`
/// writes them; ZIP64 records are honoured. Only locates entries, never extracts or writes anything.
struct StoredZipArchive {
    /// Entry name → byte range of its contents in the archive.
    let entries: [String: Range<Int>]

    private static let endOfDirectorySignature = 0x0605_4b50
    private static let zip64LocatorSignature = 0x0706_4b50
    private static let zip64EndOfDirectorySignature = 0x0606_4b50
    private static let directoryEntrySignature = 0x0201_4b50
    private static let localHeaderSignature = 0x0403_4b50

    init(bytes: UnsafeRawBufferPointer) throws(FormatProblem) {
        let file = LittleEndianBytes(bytes: bytes)
        let end = try Self.findEndOfDirectory(file)
        var entryCount = try file.u16(end + 10, "zip entry count")
        var directorySize = try file.u32(end + 12, "zip central directory size")
        var directoryOffset = try file.u32(end + 16, "zip central directory offset")

        if end >= 20, try file.u32(end - 20, "zip64 locator") == Self.zip64LocatorSignature {
            let record = try file.u64(end - 12, "zip64 end record offset")
            guard try file.u32(record, "zip64 end record") == Self.zip64EndOfDirectorySignature else {
                throw FormatProblem("zip64 end record at byte \(record) has a bad signature")
            }
            entryCount = try file.u64(record + 32, "zip64 entry count")
            directorySize = try file.u64(record + 40, "zip64 central directory size")
            directoryOffset = try file.u64(record + 48, "zip64 central directory offset")
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw FormatProblem("zip central directory (\(directorySize) bytes at \(directoryOffset)) runs past the end of the file")
        }
        // Each directory entry takes at least 46 bytes: a huge claimed count cannot make us loop long.
        guard entryCount <= directorySize / 46 else {
            throw FormatProblem("zip claims \(entryCount) entries in a \(directorySize)-byte central directory")
        }

        var entries: [String: Range<Int>] = [:]
        var position = directoryOffset
        for _ in 0..<entryCount {
            let (name, contents, next) = try Self.readDirectoryEntry(file, at: position)
            guard entries[name] == nil else { throw FormatProblem("zip entry '\(name)' appears twice") }
            entries[name] = contents
            position = next
        }
        self.entries = entries
    }

    /// Offset of the end-of-central-directory record, searched backwards over the longest possible comment.
    private static func findEndOfDirectory(_ file: LittleEndianBytes) throws(FormatProblem) -> Int {
        let last = file.bytes.count - 22
        guard last >= 0 else { throw FormatProblem("file is too short (\(file.bytes.count) bytes) to be a zip archive") }
        for offset in stride(from: last, through: max(0, last - 0xFFFF), by: -1) where file.bytes[offset] == 0x50 {
            if try file.u32(offset, "zip end record") == endOfDirectorySignature { return offset }
        }
        throw FormatProblem("not a zip archive (no end-of-central-directory record)")
    }

    private static func readDirectoryEntry(_ file: LittleEndianBytes, at position: Int)
        throws(FormatProblem) -> (name: String, contents: Range<Int>, next: Int) {
        guard try file.u32(position, "zip directory entry") == directoryEntrySignature else {
            throw FormatProblem("zip directory entry at byte \(position) has a bad signature")
        }
        let flags = try file.u16(position + 8, "zip entry flags")
        let method = try file.u16(position + 10, "zip entry method")
        var storedSize = try file.u32(position + 20, "zip entry size")
        var size = try file.u32(position + 24, "zip entry size")
        let nameLength = try file.u16(position + 28, "zip entry name length")
        let extraLength = try file.u16(position + 30, "zip entry extra length")
        let commentLength = try file.u16(position + 32, "zip entry comment length")
        var localOffset = try file.u32(position + 42, "zip entry offset")

        let nameStart = position + 46
        guard nameStart + nameLength <= file.bytes.count else {
            throw FormatProblem("zip entry name at byte \(nameStart) runs past the end of the file")
        }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: file.bytes[nameStart..<(nameStart + nameLength)]), as: UTF8.self)

        // ZIP64 extra field: 64-bit values for exactly the 32-bit fields that hold 0xFFFFFFFF, in this order.
        var extra = nameStart + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = try file.u16(extra, "zip extra field")
            let length = try file.u16(extra + 2, "zip extra field")
            if id == 0x0001 {
                var field = extra + 4
                let fieldsEnd = field + length
                func next() throws(FormatProblem) -> Int {
                    guard field + 8 <= fieldsEnd else { throw FormatProblem("zip entry '\(name)' has a short zip64 extra field") }
                    defer { field += 8 }
                    return try file.u64(field, "zip64 extra field")
                }
                if size == 0xFFFF_FFFF { size = try next() }
                if storedSize == 0xFFFF_FFFF { storedSize = try next() }
                if localOffset == 0xFFFF_FFFF { localOffset = try next() }
            }
            extra += 4 + length
        }

        guard flags & 1 == 0 else { throw FormatProblem("zip entry '\(name)' is encrypted") }
        guard method == 0 else {
            throw FormatProblem("zip entry '\(name)' is compressed (method \(method)); only stored entries are supported")
        }
        guard storedSize == size else {
            throw FormatProblem("zip entry '\(name)' is stored in \(storedSize) bytes but declares \(size)")
        }
        guard try file.u32(localOffset, "zip local header of '\(name)'") == localHeaderSignature else {
            throw FormatProblem("zip local header of '\(name)' at byte \(localOffset) has a bad signature")
        }
        let start = localOffset + 30
            + (try file.u16(localOffset + 26, "zip local header of '\(name)'"))
            + (try file.u16(localOffset + 28, "zip local header of '\(name)'"))
        guard start <= file.bytes.count, size <= file.bytes.count - start else {
            throw FormatProblem("zip entry '\(name)' (\(size) bytes at \(start)) runs past the end of the file")
        }
        return (name, start..<(start + size), extraEnd + commentLength)
    }
}
