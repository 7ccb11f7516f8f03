/// The floating-point element types of link and model weight files (safetensors, PyTorch checkpoints).
public enum TensorDType: String, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = "F32"
    case f16 = "F16"
    case bf16 = "BF16"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        }
    }

    public var description: String { rawValue }

    /// Bytes needed for `count` elements, or nil on overflow.
    public func byteCount(elements count: Int) -> Int? {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: byteSize)
        return overflow || count < 0 ? nil : bytes
    }

    /// Little-endian elements of this type, widened to Float. `raw` may be unaligned.
    public func floats(from raw: UnsafeRawBufferPointer) -> [Float] {
        let count = raw.count / byteSize
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            switch self {
            case .f32:
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                }
            case .f16:
                for i in 0..<count {
                    let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    out[i] = Float(Float16(bitPattern: bits))
                }
            case .bf16:
                for i in 0..<count {
                    let bits = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                    out[i] = Float(bitPattern: UInt32(bits) << 16)
                }
            }
            initialized = count
        }
    }

    /// The bfloat16 nearest to `value` (ties to even); NaN stays a quiet NaN.
    public static func bfloat16Bits(of value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let roundingBias: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }
}
