/// Token ids keyed by the exact UTF-8 bytes of a text, as llama.cpp compares them. (String keys
/// would treat canonically equivalent texts as one and hash slowly.) Open addressing, FNV-1a hash.
struct ByteStringIndex: Sendable {
    /// All keys, back to back; key `entry` is `bytes[starts[entry] ..< starts[entry + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var ids: [Int32] = []
    /// Entry numbers by hash slot, -1 when free.
    private var slots: [Int32]
    private var mask: Int { slots.count - 1 }

    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: -1, count: size)
    }

    /// Every text under its position as id; a text given twice is an error.
    init(uniqueTexts texts: [String]) throws {
        self.init(capacity: texts.count)
        for (id, text) in texts.enumerated() {
            var text = text
            if let earlier = text.withUTF8({ insert($0, id: Int32(id)) }) {
                throw TokenizerError(problem: "token \(id) \(TokenizerError.quoted(text)) duplicates token \(earlier)")
            }
        }
    }

    var count: Int { ids.count }

    /// Adds `key` unless present; returns the id already stored for it, if any.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, id: Int32) -> Int32? {
        var slot = Self.hash(key, UnsafeBufferPointer(start: nil, count: 0)) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if equals(entry, key, UnsafeBufferPointer(start: nil, count: 0)) { return ids[entry] }
            slot = (slot + 1) & mask
        }
        if count * 2 >= slots.count {
            grow()
            return insert(key, id: id)
        }
        slots[slot] = Int32(ids.count)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        ids.append(id)
        return nil
    }

    /// The id stored for the concatenation `first + second`.
    func id(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)) -> Int32? {
        var slot = Self.hash(first, second) & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if equals(entry, first, second) { return ids[entry] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    func id(of text: String) -> Int32? {
        var text = text
        return text.withUTF8 { id($0) }
    }

    private func equals(_ entry: Int, _ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry]
        guard starts[entry + 1] - start == first.count + second.count else { return false }
        for (offset, byte) in first.enumerated() where bytes[start + offset] != byte { return false }
        for (offset, byte) in second.enumerated() where bytes[start + first.count + offset] != byte { return false }
        return true
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for entry in ids.indices {
            let key = bytes[starts[entry] ..< starts[entry + 1]]
            var slot = key.withUnsafeBufferPointer { Self.hash($0, .init(start: nil, count: 0)) } & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }

    private static func hash(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in first { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        for byte in second { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
