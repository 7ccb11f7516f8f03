import CKernels
import Foundation

/// The instruction sets the dot-product kernels (the C target CKernels) are written for. `best` is chosen
/// once from the CPU (or from MASTUI_KERNELS); the others exist so that tests and benchmarks can run every
/// version.
///
/// Every SIMD set gives the same results bit for bit: the AVX-VNNI and AVX-512 kernels compute the AVX2
/// kernel's lanes and add them in its order, which is llama.cpp's. So the fastest set is the default and
/// the llama.cpp parity tests hold for it; the scalar set sums in its own order (float-reference
/// tolerances). bf16 weights have no llama.cpp order to keep: their versions agree within f32 rounding.
public enum KernelInstructionSet: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Portable C, for CPUs without AVX2.
    case scalar
    /// x86-64 AVX2 with FMA and F16C.
    case avx2
    /// AVX2 with AVX-VNNI's fused 256-bit dot products.
    case avxVNNI
    /// AVX-512 F/BW/VL/DQ with VNNI: two weight rows per register; bf16 rows with AVX-512 BF16 if present.
    case avx512

    /// The set the engine uses: MASTUI_KERNELS (scalar, avx2, avxvnni, avx512) if set and this CPU runs it,
    /// otherwise (and capped at that) the fastest this CPU runs.
    public static let best: KernelInstructionSet = chosen(
        environment: ProcessInfo.processInfo.environment["MASTUI_KERNELS"], fastest: fastestAvailable)

    /// The fastest set this CPU runs.
    public static let fastestAvailable: KernelInstructionSet = switch ck_best_isa() {
    case CK_ISA_AVX512: .avx512
    case CK_ISA_AVXVNNI: .avxVNNI
    case CK_ISA_AVX2: .avx2
    default: .scalar
    }

    /// The set MASTUI_KERNELS asks for, if it names one, lowered to the fastest available set below it;
    /// `fastest` when it is unset or names none.
    public static func chosen(environment: String?, fastest: KernelInstructionSet) -> KernelInstructionSet {
        guard let name = environment?.lowercased(), let wanted = allCases.first(where: { $0.name == name }) else {
            return fastest
        }
        return allCases.last { $0.rawValue <= wanted.rawValue && $0.rawValue <= fastest.rawValue && $0.isAvailable }
            ?? .scalar
    }

    /// Whether this CPU runs the set.
    public var isAvailable: Bool { ck_isa_available(isa) != 0 }

    /// The MASTUI_KERNELS spelling.
    public var name: String {
        switch self {
        case .scalar: "scalar"
        case .avx2: "avx2"
        case .avxVNNI: "avxvnni"
        case .avx512: "avx512"
        }
    }

    public var description: String {
        switch self {
        case .scalar: "scalar"
        case .avx2: "AVX2"
        case .avxVNNI: "AVX-VNNI"
        case .avx512: ck_has_avx512_bf16() != 0 ? "AVX-512 VNNI+BF16" : "AVX-512 VNNI"
        }
    }

    var isa: ck_isa {
        switch self {
        case .scalar: CK_ISA_SCALAR
        case .avx2: CK_ISA_AVX2
        case .avxVNNI: CK_ISA_AVXVNNI
        case .avx512: CK_ISA_AVX512
        }
    }
}
