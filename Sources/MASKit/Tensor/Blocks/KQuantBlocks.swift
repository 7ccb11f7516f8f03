// The 256-element "K" super-blocks.
//
//   Q4_K (144 bytes): f16 d, f16 dmin, 12 bytes of packed 6-bit scales and minimums, 128 bytes of nibbles.
//       Sub-block j (32 elements) has value = d·scale[j]·q − dmin·min[j]. Bytes 32i ..< 32i + 32 hold
//       sub-block 2i in their low nibbles and 2i + 1 in their high nibbles.
//   Q5_K (176 bytes): as Q4_K, then 32 bytes of fifth bits before the nibbles: bit j of byte l is bit 4
//       of element l of sub-block j.
//   Q6_K (210 bytes): 128 bytes of low nibbles, 64 bytes of 2-bit high parts, 16 signed 8-bit scales,
//       f16 d last. Sixteen sub-blocks of 16, value = d·scale[k]·(q − 32); see `Q6_KRows`.

/// The eight 6-bit scales and minimums of a Q4_K or Q5_K super-block, packed in 12 bytes: bytes 0-3 hold
/// scales 0-3 in their low six bits, bytes 4-7 minimums 0-3; scales and minimums 4-7 take their low four
/// bits from the nibbles of bytes 8-11 and their top two bits from the top bits of bytes 0-3 and 4-7.
struct KScales {
    var scales: SIMD8<Float>
    var minimums: SIMD8<Float>

    @inline(__always)
    init(_ packed: UnsafeRawPointer) {
        let low = packed.loadUnaligned(as: UInt64.self)
        let high = packed.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        var s = SIMD8<Float>(), m = SIMD8<Float>()
        for j in 0..<4 {
            let a = UInt32(truncatingIfNeeded: low >> (8 * j)) & 0xff        // byte j
            let b = UInt32(truncatingIfNeeded: low >> (8 * (j + 4))) & 0xff  // byte j + 4
            let c = (high >> (8 * j)) & 0xff                                 // byte j + 8
            s[j] = Float(a & 63)
            m[j] = Float(b & 63)
            s[j + 4] = Float((c & 15) | (a >> 6) << 4)
            m[j + 4] = Float((c >> 4) | (b >> 6) << 4)
        }
        scales = s; minimums = m
    }
}

@inline(__always)
private func storeSubBlock(_ g0: SIMD8<Int32>, _ g1: SIMD8<Int32>, _ g2: SIMD8<Int32>, _ g3: SIMD8<Int32>,
                           scale: Float, minimum: Float, into out: UnsafeMutablePointer<Float>) {
    let d = SIMD8<Float>(repeating: scale), m = SIMD8<Float>(repeating: minimum)
    out.storeEight(d * floats(g0) - m, at: 0); out.storeEight(d * floats(g1) - m, at: 8)
    out.storeEight(d * floats(g2) - m, at: 16); out.storeEight(d * floats(g3) - m, at: 24)
}

/// Q4_K and Q5_K share everything but the fifth bit.
protocol ScaledMinimumKLayout: RowKernel {
    static var blockBytes: Int { get }
    static var nibblesOffset: Int { get }
    /// Offset of the fifth bits, nil for Q4_K.
    static var highBitsOffset: Int? { get }
}

extension ScaledMinimumKLayout {
    /// Calls `body(j, g0, g1, g2, g3)` for sub-blocks j = 0..<8 of the super-block with the groups of quants.
    @inline(__always)
    static func forEachSubBlock(_ block: UnsafeRawPointer,
                                _ body: (Int, SIMD8<Int32>, SIMD8<Int32>, SIMD8<Int32>, SIMD8<Int32>) -> Void) {
        let nibbles = block + nibblesOffset
        for i in 0..<4 {
            let b0 = nibbles.unsignedBytes(32 * i), b1 = nibbles.unsignedBytes(32 * i + 8)
            let b2 = nibbles.unsignedBytes(32 * i + 16), b3 = nibbles.unsignedBytes(32 * i + 24)
            var l0 = b0 & 15, l1 = b1 & 15, l2 = b2 & 15, l3 = b3 & 15
            var h0 = b0 &>> 4, h1 = b1 &>> 4, h2 = b2 &>> 4, h3 = b3 &>> 4
            if let highBitsOffset {
                let q = block + highBitsOffset
                let f0 = q.unsignedBytes(0), f1 = q.unsignedBytes(8), f2 = q.unsignedBytes(16), f3 = q.unsignedBytes(24)
                let lowShift = Int32(2 * i), highShift = Int32(2 * i + 1)
                l0 |= ((f0 &>> lowShift) & 1) &<< 4; l1 |= ((f1 &>> lowShift) & 1) &<< 4
                l2 |= ((f2 &>> lowShift) & 1) &<< 4; l3 |= ((f3 &>> lowShift) & 1) &<< 4
                h0 |= ((f0 &>> highShift) & 1) &<< 4; h1 |= ((f1 &>> highShift) & 1) &<< 4
                h2 |= ((f2 &>> highShift) & 1) &<< 4; h3 |= ((f3 &>> highShift) & 1) &<< 4
            }
            body(2 * i, l0, l1, l2, l3)
            body(2 * i + 1, h0, h1, h2, h3)
        }
    }

    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 256 {
            let block = row + b * blockBytes
            let d = block.half(0), dmin = block.half(2)
            let k = KScales(block + 4)
            forEachSubBlock(block) { j, g0, g1, g2, g3 in
                storeSubBlock(g0, g1, g2, g3, scale: d * k.scales[j], minimum: dmin * k.minimums[j],
                              into: out + 256 * b + 32 * j)
            }
        }
    }
}

enum Q4_KRows: ScaledMinimumKLayout {
    static var blockBytes: Int { 144 }
    static var nibblesOffset: Int { 16 }
    static var highBitsOffset: Int? { nil }
}

enum Q5_KRows: ScaledMinimumKLayout {
    static var blockBytes: Int { 176 }
    static var nibblesOffset: Int { 48 }
    static var highBitsOffset: Int? { 16 }
}

/// Q6_K: each half of 128 elements uses 64 bytes of nibbles `ql` and 32 bytes of high parts `qh`.
/// Element 32s + l of the half (s = 0..<4, l = 0..<32) takes its low four bits from ql[l + 32·(s & 1)]
/// (the low nibble for s < 2, the high one for s ≥ 2) and its top two bits from bits 2s, 2s + 1 of qh[l];
/// it uses scale 8·half + 2s + l / 16.
enum Q6_KRows: RowKernel {
    /// Calls `body(k, q0, q1)` for the 16-element sub-blocks k = 0..<16 with their signed quants.
    @inline(__always)
    static func forEachSubBlock(_ block: UnsafeRawPointer, _ body: (Int, SIMD8<Int32>, SIMD8<Int32>) -> Void) {
        for half in 0..<2 {
            let ql = block + 64 * half, qh = block + 128 + 32 * half
            for pair in 0..<2 {  // l in 0..<16, then 16..<32
                let h0 = qh.unsignedBytes(16 * pair), h1 = qh.unsignedBytes(16 * pair + 8)
                let a0 = ql.unsignedBytes(16 * pair), a1 = ql.unsignedBytes(16 * pair + 8)
                let c0 = ql.unsignedBytes(32 + 16 * pair), c1 = ql.unsignedBytes(32 + 16 * pair + 8)
                for s in 0..<4 {
                    let (n0, n1) = switch s {
                    case 0: (a0 & 15, a1 & 15)
                    case 1: (c0 & 15, c1 & 15)
                    case 2: (a0 &>> 4, a1 &>> 4)
                    default: (c0 &>> 4, c1 &>> 4)
                    }
                    let shift = Int32(2 * s)
                    let q0 = (n0 | ((h0 &>> shift) & 3) &<< 4) &- 32
                    let q1 = (n1 | ((h1 &>> shift) & 3) &<< 4) &- 32
                    body(8 * half + 2 * s + pair, q0, q1)
                }
            }
        }
    }

    /// Position of sub-block k's first element in the super-block.
    @inline(__always)
    static func start(ofSubBlock k: Int) -> Int {
        128 * (k / 8) + 32 * ((k % 8) / 2) + 16 * (k % 2)
    }

    static func dequantize(_ row: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 256 {
            let block = row + 210 * b
            let d = block.half(208)
            forEachSubBlock(block) { k, q0, q1 in
                let scale = SIMD8<Float>(repeating: d * Float(block.load(fromByteOffset: 192 + k, as: Int8.self)))
                let o = out + 256 * b + start(ofSubBlock: k)
                o.storeEight(scale * floats(q0), at: 0)
                o.storeEight(scale * floats(q1), at: 8)
            }
        }
    }
}
