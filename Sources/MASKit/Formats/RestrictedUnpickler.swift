/// A pickle interpreter (protocols 2–5) that understands only what a `torch.save` tensor state dict
/// needs. It never imports or calls anything: the few allowed globals are names it maps to its own
/// value builders, and any other GLOBAL, STACK_GLOBAL or REDUCE target is refused.
struct RestrictedUnpickler {
    /// Pickles larger than this are refused (a state dict's pickle is a few kilobytes per tensor).
    static let maximumSize = 64 << 20
    /// Values the stack and memo may hold at once: a state dict needs a few per tensor, while a pickle of
    /// repeated DUP opcodes would otherwise grow them by one per byte (a 40 MB file took gigabytes).
    static let maximumValues = 1 << 20

    private let input: UnsafeRawBufferPointer
    private var position = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    private var arena: [PickleContainer] = []

    private init(input: UnsafeRawBufferPointer) {
        self.input = input
    }

    /// The (name, tensor) pairs of the dict the pickle builds, in pickle order.
    static func stateDict(from pickle: UnsafeRawBufferPointer) throws(FormatProblem) -> [(name: String, tensor: PickledTensor)] {
        guard pickle.count <= maximumSize else {
            throw FormatProblem("pickle is \(pickle.count) bytes, over the limit of \(maximumSize)")
        }
        var machine = RestrictedUnpickler(input: pickle)
        let result = try machine.run()
        guard case .container(let index) = result, case .dict(let items) = machine.arena[index] else {
            throw FormatProblem("pickle holds a \(machine.describe(result)), not a dict of tensors")
        }
        var seen = Set<String>()
        return try items.map { item throws(FormatProblem) in
            guard case .string(let name) = item.key else {
                throw FormatProblem("state dict has a \(machine.describe(item.key)) key; keys must be strings")
            }
            guard case .tensor(let tensor) = item.value else {
                throw FormatProblem("state dict entry '\(name)' is a \(machine.describe(item.value)), not a tensor")
            }
            guard seen.insert(name).inserted else { throw FormatProblem("state dict names '\(name)' twice") }
            return (name, tensor)
        }
    }

    private func describe(_ value: PickleValue) -> String {
        guard case .container(let index) = value else { return value.kindName }
        switch arena[index] {
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        }
    }

    // MARK: - Interpreter

    private mutating func run() throws(FormatProblem) -> PickleValue {
        while position < input.count {
            guard stack.count + memo.count <= Self.maximumValues else {
                throw FormatProblem("pickle builds more than \(Self.maximumValues) values at once; not a state dict")
            }
            let at = position
            let opcode = try readByte()
            switch opcode {
            case 0x80: // PROTO
                let version = try readByte()
                guard (2...5).contains(version) else { throw FormatProblem("pickle protocol \(version) is not supported (2 to 5 are)") }
            case 0x95: _ = try readInteger(UInt64.self) // FRAME: the length is advisory
            case 0x2E: return try pop(at) // STOP

            case 0x28: marks.append(stack.count) // MARK
            case 0x30: _ = try pop(at) // POP
            case 0x31: _ = try popMark(at) // POP_MARK
            case 0x32: stack.append(try top(at)) // DUP

            case 0x4E: stack.append(.none) // NONE
            case 0x88: stack.append(.bool(true)) // NEWTRUE
            case 0x89: stack.append(.bool(false)) // NEWFALSE
            case 0x4B: stack.append(.int(Int(try readByte()))) // BININT1
            case 0x4D: stack.append(.int(Int(try readInteger(UInt16.self)))) // BININT2
            case 0x4A: stack.append(.int(Int(try readInteger(Int32.self)))) // BININT
            case 0x8A: stack.append(.int(try readLong(length: Int(try readByte())))) // LONG1
            case 0x8B: stack.append(.int(try readLong(length: try readLength(UInt32.self)))) // LONG4
            case 0x47: // BINFLOAT, big-endian
                stack.append(.float(Double(bitPattern: UInt64(bigEndian: try readRaw(UInt64.self)))))

            case 0x58: stack.append(.string(try readString(length: try readLength(UInt32.self)))) // BINUNICODE
            case 0x8C: stack.append(.string(try readString(length: Int(try readByte())))) // SHORT_BINUNICODE
            case 0x8D: stack.append(.string(try readString(length: try readLength(UInt64.self)))) // BINUNICODE8
            case 0x54: stack.append(.string(try readString(length: try readLength(Int32.self)))) // BINSTRING
            case 0x55: stack.append(.string(try readString(length: Int(try readByte())))) // SHORT_BINSTRING

            case 0x29: stack.append(store(.tuple([]))) // EMPTY_TUPLE
            case 0x74: stack.append(store(.tuple(try popMark(at)))) // TUPLE
            case 0x85, 0x86, 0x87: // TUPLE1, TUPLE2, TUPLE3
                let count = Int(opcode - 0x84)
                guard stack.count - (marks.last ?? 0) >= count else { throw underflow(at, opcode) }
                let items = Array(stack.suffix(count))
                stack.removeLast(count)
                stack.append(store(.tuple(items)))
            case 0x5D: stack.append(store(.list([]))) // EMPTY_LIST
            case 0x6C: stack.append(store(.list(try popMark(at)))) // LIST
            case 0x61: try append([try pop(at)], at) // APPEND
            case 0x65: try append(try popMark(at), at) // APPENDS
            case 0x7D: stack.append(store(.dict([]))) // EMPTY_DICT
            case 0x64: stack.append(store(.dict(try pairs(try popMark(at), at)))) // DICT
            case 0x73: // SETITEM
                let value = try pop(at)
                let key = try pop(at)
                try setItems([(key, value)], at)
            case 0x75: try setItems(try pairs(try popMark(at), at), at) // SETITEMS

            case 0x71: memo[Int(try readByte())] = try top(at) // BINPUT
            case 0x72: memo[Int(try readInteger(UInt32.self))] = try top(at) // LONG_BINPUT
            case 0x94: memo[memo.count] = try top(at) // MEMOIZE
            case 0x68: stack.append(try recall(Int(try readByte()), at)) // BINGET
            case 0x6A: stack.append(try recall(Int(try readInteger(UInt32.self)), at)) // LONG_BINGET

            case 0x63: // GLOBAL "module\nname\n"
                let module = try readLine()
                let name = try readLine()
                stack.append(.global(try allowedGlobal(module, name)))
            case 0x93: // STACK_GLOBAL
                let name = try pop(at)
                let module = try pop(at)
                guard case .string(let moduleName) = module, case .string(let globalName) = name else {
                    throw FormatProblem("pickle STACK_GLOBAL at byte \(at) needs two strings")
                }
                stack.append(.global(try allowedGlobal(moduleName, globalName)))
            case 0x52: // REDUCE
                let arguments = try pop(at)
                let callable = try pop(at)
                stack.append(try reduce(callable, arguments, at))
            case 0x62: // BUILD: only an OrderedDict's attribute state (its `_metadata`), which is ignored
                _ = try pop(at)
                guard case .container(let index) = try top(at), case .dict = arena[index] else {
                    throw FormatProblem("pickle BUILD at byte \(at) targets something other than a dict")
                }
            case 0x51: stack.append(try persistentStorage(try pop(at), at)) // BINPERSID

            default:
                throw FormatProblem("pickle opcode 0x\(String(opcode, radix: 16)) at byte \(at) is not supported in a tensor checkpoint")
            }
        }
        throw FormatProblem("pickle ends without a STOP opcode")
    }

    // MARK: - Objects

    private func allowedGlobal(_ module: String, _ name: String) throws(FormatProblem) -> PickleGlobal {
        guard let global = PickleGlobal(rawValue: "\(module).\(name)") else {
            throw FormatProblem("pickle refers to '\(module).\(name)', which is refused: only tensor rebuilding is allowed")
        }
        return global
    }

    private mutating func reduce(_ callable: PickleValue, _ arguments: PickleValue, _ at: Int) throws(FormatProblem) -> PickleValue {
        guard case .global(let global) = callable else {
            throw FormatProblem("pickle REDUCE at byte \(at) calls a \(describe(callable)); only allowed globals can be called")
        }
        let args = try tuple(arguments, "arguments of \(global.rawValue)")
        switch global {
        case .orderedDict:
            guard args.isEmpty else { throw FormatProblem("collections.OrderedDict is only supported with no arguments") }
            return store(.dict([]))
        case .rebuildTensorV2 where (6...7).contains(args.count), .rebuildTensor where args.count == 4:
            return .tensor(try rebuildTensor(args))
        case .rebuildTensorV2, .rebuildTensor:
            throw FormatProblem("\(global.rawValue) called with \(args.count) arguments")
        case .bfloat16Storage, .halfStorage, .floatStorage:
            throw FormatProblem("pickle calls \(global.rawValue) directly; storages must come from persistent ids")
        }
    }

    /// `(storage, storage_offset, size, stride, ...)`; the remaining v2 arguments (requires_grad,
    /// backward hooks, metadata) do not change the values.
    private func rebuildTensor(_ args: [PickleValue]) throws(FormatProblem) -> PickledTensor {
        guard case .storage(let storage) = args[0] else {
            throw FormatProblem("tensor rebuilt from a \(describe(args[0])) instead of a storage")
        }
        guard case .int(let offset) = args[1] else { throw FormatProblem("tensor storage offset is a \(describe(args[1]))") }
        return PickledTensor(storage: storage, storageOffset: offset,
                             shape: try integers(args[2], "tensor size"), strides: try integers(args[3], "tensor stride"))
    }

    /// A persistent id `('storage', <storage class>, key, location, numel)`.
    private func persistentStorage(_ id: PickleValue, _ at: Int) throws(FormatProblem) -> PickleValue {
        let fields = try tuple(id, "persistent id at byte \(at)")
        guard fields.count == 5, case .string("storage") = fields[0], case .global(let global) = fields[1],
              let dtype = global.storageDType, case .string(let key) = fields[2], case .int(let count) = fields[4]
        else {
            throw FormatProblem("persistent id at byte \(at) is not ('storage', <Float/Half/BFloat16Storage>, key, location, numel)")
        }
        return .storage(PickledStorage(dtype: dtype, key: key, elementCount: count))
    }

    private func tuple(_ value: PickleValue, _ what: String) throws(FormatProblem) -> [PickleValue] {
        guard case .container(let index) = value, case .tuple(let items) = arena[index] else {
            throw FormatProblem("\(what) is a \(describe(value)), not a tuple")
        }
        return items
    }

    private func integers(_ value: PickleValue, _ what: String) throws(FormatProblem) -> [Int] {
        try tuple(value, what).map { item throws(FormatProblem) in
            guard case .int(let number) = item else { throw FormatProblem("\(what) holds a \(describe(item))") }
            return number
        }
    }

    private mutating func store(_ container: PickleContainer) -> PickleValue {
        arena.append(container)
        return .container(arena.count - 1)
    }

    private mutating func append(_ items: [PickleValue], _ at: Int) throws(FormatProblem) {
        guard case .container(let index) = try top(at), case .list(var list) = arena[index] else {
            throw FormatProblem("pickle APPEND at byte \(at) targets something other than a list")
        }
        arena[index] = .list([])
        list.append(contentsOf: items)
        arena[index] = .list(list)
    }

    private mutating func setItems(_ items: [(key: PickleValue, value: PickleValue)], _ at: Int) throws(FormatProblem) {
        guard case .container(let index) = try top(at), case .dict(var dict) = arena[index] else {
            throw FormatProblem("pickle SETITEM at byte \(at) targets something other than a dict")
        }
        arena[index] = .dict([])
        dict.append(contentsOf: items)
        arena[index] = .dict(dict)
    }

    private func pairs(_ items: [PickleValue], _ at: Int) throws(FormatProblem) -> [(key: PickleValue, value: PickleValue)] {
        guard items.count.isMultiple(of: 2) else { throw FormatProblem("pickle at byte \(at) has an odd number of dict items") }
        return stride(from: 0, to: items.count, by: 2).map { (items[$0], items[$0 + 1]) }
    }

    // MARK: - Stack and memo

    private func underflow(_ at: Int, _ opcode: UInt8) -> FormatProblem {
        FormatProblem("pickle stack underflow at byte \(at) (opcode 0x\(String(opcode, radix: 16)))")
    }

    private func top(_ at: Int) throws(FormatProblem) -> PickleValue {
        guard let value = stack.last, stack.count > (marks.last ?? 0) else { throw underflow(at, input[at]) }
        return value
    }

    private mutating func pop(_ at: Int) throws(FormatProblem) -> PickleValue {
        let value = try top(at)
        stack.removeLast()
        return value
    }

    private mutating func popMark(_ at: Int) throws(FormatProblem) -> [PickleValue] {
        guard let mark = marks.popLast() else { throw FormatProblem("pickle at byte \(at) needs a MARK that is missing") }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    private func recall(_ index: Int, _ at: Int) throws(FormatProblem) -> PickleValue {
        guard let value = memo[index] else { throw FormatProblem("pickle at byte \(at) reads memo entry \(index), never stored") }
        return value
    }

    // MARK: - Reading

    private mutating func readByte() throws(FormatProblem) -> UInt8 {
        guard position < input.count else { throw FormatProblem("pickle is truncated at byte \(position)") }
        defer { position += 1 }
        return input[position]
    }

    private mutating func readRaw<T: FixedWidthInteger>(_ type: T.Type) throws(FormatProblem) -> T {
        let size = MemoryLayout<T>.size
        guard input.count - position >= size else { throw FormatProblem("pickle is truncated at byte \(position)") }
        defer { position += size }
        return input.loadUnaligned(fromByteOffset: position, as: T.self)
    }

    private mutating func readInteger<T: FixedWidthInteger>(_ type: T.Type) throws(FormatProblem) -> T {
        T(littleEndian: try readRaw(T.self))
    }

    /// A byte count that must fit in what is left of the pickle.
    private mutating func readLength<T: FixedWidthInteger>(_ type: T.Type) throws(FormatProblem) -> Int {
        let at = position
        let length = try readInteger(T.self)
        guard length >= 0, UInt64(length) <= UInt64(input.count - position) else {
            throw FormatProblem("pickle length \(length) at byte \(at) runs past the end of the pickle")
        }
        return Int(length)
    }

    private mutating func readBytes(_ count: Int) throws(FormatProblem) -> UnsafeRawBufferPointer {
        guard count <= input.count - position else { throw FormatProblem("pickle is truncated at byte \(position)") }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: input[position..<(position + count)])
    }

    private mutating func readString(length: Int) throws(FormatProblem) -> String {
        let at = position
        guard let text = String(validating: try readBytes(length), as: UTF8.self) else {
            throw FormatProblem("pickle string at byte \(at) is not valid UTF-8")
        }
        return text
    }

    /// A little-endian two's-complement integer of `length` bytes that must fit in 64 bits.
    private mutating func readLong(length: Int) throws(FormatProblem) -> Int {
        let at = position
        let bytes = try readBytes(length)
        guard length <= 8 else { throw FormatProblem("pickle integer at byte \(at) has \(length) bytes, more than 64 bits") }
        guard length > 0 else { return 0 }
        var value: UInt64 = bytes[length - 1] >= 0x80 ? ~0 : 0
        for byte in bytes.reversed() { value = value << 8 | UInt64(byte) }
        return Int(truncatingIfNeeded: value)
    }

    /// A newline-terminated name (GLOBAL's operands).
    private mutating func readLine() throws(FormatProblem) -> String {
        let start = position
        guard let end = input[start...].firstIndex(of: 0x0A), end - start <= 256 else {
            throw FormatProblem("pickle GLOBAL name at byte \(start) is unterminated or too long")
        }
        let line = try readString(length: end - start)
        position = end + 1
        return line
    }
}
