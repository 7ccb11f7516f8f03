/// A seccomp filter, in the raw `struct sock_filter[]` form bubblewrap's `--seccomp FD` reads,
/// that stops the sandboxed program from creating processes while leaving threads alone:
/// fork and vfork fail with EPERM, clone fails with EPERM unless it makes a thread
/// (CLONE_THREAD), and clone3 — whose flags a filter cannot read — fails with ENOSYS so the C
/// library falls back to clone. unshare and setns fail with EPERM: a namespace of the program's own
/// (a user namespace grants every capability inside it) would undo the sandbox's. System calls of a
/// foreign ABI (x32, 32-bit) are refused.
/// This contains fork bombs even for root, whom RLIMIT_NPROC does not bind.
enum ProcessCreationFilter {
    /// The filter for this machine's architecture; nil where it is not written for it.
    static var program: [UInt8]? {
        #if arch(x86_64)
        build(architecture: 0xC000_003E, refused: [57, 58, 272, 308], clone: 56, refuseAbove: 0x3FFF_FFFF)
        #elseif arch(arm64)
        build(architecture: 0xC000_00B7, refused: [97, 268], clone: 220, refuseAbove: nil)
        #else
        nil
        #endif
    }

    private static let clone3: UInt32 = 435
    private static let cloneThread: UInt32 = 0x0001_0000
    private static let allow: UInt32 = 0x7FFF_0000
    private static let killProcess: UInt32 = 0x8000_0000
    private static let refuseEPERM: UInt32 = 0x0005_0000 | 1
    private static let refuseENOSYS: UInt32 = 0x0005_0000 | 38

    private struct Instruction {
        let code: UInt16
        let jumpIfTrue: UInt8
        let jumpIfFalse: UInt8
        let constant: UInt32

        static func load(offset: UInt32) -> Instruction { Instruction(code: 0x20, jumpIfTrue: 0, jumpIfFalse: 0, constant: offset) }
        static func ret(_ action: UInt32) -> Instruction { Instruction(code: 0x06, jumpIfTrue: 0, jumpIfFalse: 0, constant: action) }
        /// Jump offsets count instructions after the next one.
        static func skip(_ skip: UInt8, ifEqual value: UInt32) -> Instruction { Instruction(code: 0x15, jumpIfTrue: skip, jumpIfFalse: 0, constant: value) }
        static func skip(_ skip: UInt8, unlessEqual value: UInt32) -> Instruction { Instruction(code: 0x15, jumpIfTrue: 0, jumpIfFalse: skip, constant: value) }
        static func skip(_ skip: UInt8, unlessAbove value: UInt32) -> Instruction { Instruction(code: 0x25, jumpIfTrue: 0, jumpIfFalse: skip, constant: value) }
        static func skip(_ skip: UInt8, ifBitsSet value: UInt32) -> Instruction { Instruction(code: 0x45, jumpIfTrue: skip, jumpIfFalse: 0, constant: value) }
    }

    // seccomp_data: int nr at offset 0, u32 arch at 4, u64 args[6] from 16 (args[0]'s low half
    // first on these little-endian machines).
    /// `refused`: fork, vfork (where they exist), unshare and setns.
    private static func build(architecture: UInt32, refused: [UInt32], clone: UInt32,
                              refuseAbove: UInt32?) -> [UInt8] {
        var program: [Instruction] = [.load(offset: 4), .skip(1, ifEqual: architecture), .ret(killProcess)]
        program.append(.load(offset: 0))
        if let refuseAbove {
            program += [.skip(1, unlessAbove: refuseAbove), .ret(refuseEPERM)]
        }
        for number in refused {
            program += [.skip(1, unlessEqual: number), .ret(refuseEPERM)]
        }
        program += [
            .skip(1, unlessEqual: clone3), .ret(refuseENOSYS),
            .skip(3, unlessEqual: clone),
            .load(offset: 16),
            .skip(1, ifBitsSet: cloneThread),
            .ret(refuseEPERM),
            .ret(allow),
        ]
        return program.flatMap { instruction in
            withUnsafeBytes(of: instruction.code.littleEndian, Array.init)
                + [instruction.jumpIfTrue, instruction.jumpIfFalse]
                + withUnsafeBytes(of: instruction.constant.littleEndian, Array.init)
        }
    }
}
