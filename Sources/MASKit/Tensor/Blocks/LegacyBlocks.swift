// The 32-element block types that predate the K quants.
//
//   Q4_0 (18 bytes): f16 d, 16 bytes of nibbles            value = d·(q − 8)
//   Q4_1 (20 bytes): f16 d, f16 m, 16 bytes of nibbles     value = d·q + m
//   Q5_0 (22 bytes): f16 d, u32 high bits, 16 bytes        value = d·(q − 16)
//   Q5_1 (24 bytes): f16 d, f16 m, u32 high bits, 16 bytes value = d·q + m
//   Q8_0 (34 bytes): f16 d, 32 signed bytes                value = d·q
//
// Nibble byte j holds element j in its low half and element j + 16 in its high half; bit j of the
// little-endian u32 is bit 4 of element j.

/// The four groups of eight unsigned 4- or 5-bit quants of one block, as floats, in element order.
struct LegacyQuants {
    var q0, q1, q2, q3: SIMD8<Float>

    /// Nibbles at `nibbles`, plus the fifth bits in `highBits` when present.
    @inline(__always)
    init(nibbles: UnsafeRawPointer, highBits: UInt32?) {
        let b0 = nibbles.unsignedBytes(0), b1 = nibbles.unsignedBytes(8)
        var g0 = b0 & 15, g1 = b1 & 15, g2 = b0 &>> 4, g3 = b1 &>> 4
        if let highBits {
            let table = FifthBits.table
            g0 |= table[Int(highBits & 0xff)]
            g1 |= table[Int((highBits >> 8) & 0xff)]
            g2 |= table[Int((highBits >> 16) & 0xff)]
            g3 |= table[Int(highBits >> 24)]
        }
        q0 = floats(g0); q1 = floats(g1); q2 = floats(g2); q3 = floats(g3)
    }

    /// Stores `d·(q + bias)` when `minimum` is nil, else `d·q + minimum` (gguf's rounding either way).
    @inline(__always)
    func store(scale d: Float, bias: Float, minimum: Float?, into out: UnsafeMutablePointer<Float>) {
        let dv = SIMD8<Float>(repeating: d)
        if let minimum {
            let mv = SIMD8<Float>(repeating: minimum)
            out.storeEight(dv * q0 + mv, at: 0); out.storeEight(dv * q1 + mv, at: 8)
            out.storeEight(dv * q2 + mv, at: 16); out.storeEight(dv * q3 + mv, at: 24)
        } else {
            let bv = SIMD8<Float>(repeating: bias)
            out.storeEight(dv * (q0 + bv), at: 0); out.storeEight(dv * (q1 + bv), at: 8)
            out.storeEight(dv * (q2 + bv), at: 16); out.storeEight(dv * (q3 + bv), at: 24)
        }
    }
}

/// For each byte of Q5 high bits, the eight lanes it adds to eight consecutive quants: bit i of the byte
/// becomes 16 in lane i. One table load per eight quants is cheaper than per-lane variable shifts, which
/// SSE2 lacks entirely.
enum FifthBits {
    nonisolated(unsafe) static let table: UnsafePointer<SIMD8<Int32>> = {
        let lanes = UnsafeMutablePointer<SIMD8<Int32>>.allocate(capacity: 256)
        for byte in 0..<256 {
            var v = SIMD8<Int32>()
            for i in 0..<8 { v[i] = Int32((byte >> i) & 1) << 4 }
            lanes[byte] = v
        }
        return UnsafePointer(lanes)
    }()
}

/// Layout of one legacy block type: where its parts are and how the quant maps to a value.
protocol LegacyBlockLayout: RowKernel {
    static var blockBytes: Int { get }
    /// Offset of the nibbles.
    static var nibblesOffset: Int { get }
    /// Offset of the f16 minimum, or nil for the symmetric types.
    static var minimumOffset: Int? { get }
    /// Offset of the u32 of fifth bits, or nil for 4-bit types.
    static var highBitsOffset: Int? { get }
    /// The implicit offset of the symmetric types (−8 or −16).
    static var bias: Float { get }
}

extension LegacyBlockLayout {
    @inline(__always)
    static func quants(_ block: UnsafeRawPointer) -> LegacyQuants {
        LegacyQuants(nibbles: block + nibblesOffset,
                     highBits: highBitsOffset.map { block.loadUnaligned(fromByteOffset: $0, as: UInt32.self) })
    }

    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = row + b * blockBytes
            quants(block).store(scale: block.half(0), bias: bias, minimum: minimumOffset.map { block.half($0) },
                                into: out + 32 * b)
        }
    }
}

enum Q4_0Rows: LegacyBlockLayout {
    static var blockBytes: Int { 18 }
    static var nibblesOffset: Int { 2 }
    static var minimumOffset: Int? { nil }
    static var highBitsOffset: Int? { nil }
    static var bias: Float { -8 }
}

enum Q4_1Rows: LegacyBlockLayout {
    static var blockBytes: Int { 20 }
    static var nibblesOffset: Int { 4 }
    static var minimumOffset: Int? { 2 }
    static var highBitsOffset: Int? { nil }
    static var bias: Float { 0 }
}

enum Q5_0Rows: LegacyBlockLayout {
    static var blockBytes: Int { 22 }
    static var nibblesOffset: Int { 6 }
    static var minimumOffset: Int? { nil }
    static var highBitsOffset: Int? { 2 }
    static var bias: Float { -16 }
}

enum Q5_1Rows: LegacyBlockLayout {
    static var blockBytes: Int { 24 }
    static var nibblesOffset: Int { 8 }
    static var minimumOffset: Int? { 2 }
    static var highBitsOffset: Int? { 4 }
    static var bias: Float { 0 }
}

enum Q8_0Rows: RowKernel {
    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = row + 34 * b
            let d = SIMD8<Float>(repeating: block.half(0))
            for g in 0..<4 { (out + 32 * b).storeEight(floats(block.signedBytes(2 + 8 * g)) * d, at: 8 * g) }
        }
    }
}
