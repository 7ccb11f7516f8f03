import CKernels

/// The instruction sets the integer kernels (the C target CKernels) are written for. `best` is chosen
/// once from the CPU; the others exist so that tests can run every version.
public enum KernelInstructionSet: Sendable, CaseIterable, CustomStringConvertible {
    /// Portable C, for CPUs without AVX2.
    case scalar
    /// x86-64 AVX2 with FMA and F16C.
    case avx2

    /// The fastest set this CPU runs.
    public static let best: KernelInstructionSet = ck_best_isa() == CK_ISA_AVX2 ? .avx2 : .scalar

    /// Whether this CPU runs the set.
    public var isAvailable: Bool { ck_isa_available(isa) != 0 }

    public var description: String {
        switch self {
        case .scalar: "scalar"
        case .avx2: "AVX2"
        }
    }

    var isa: ck_isa {
        switch self {
        case .scalar: CK_ISA_SCALAR
        case .avx2: CK_ISA_AVX2
        }
    }
}
