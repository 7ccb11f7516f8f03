#if canImport(Glibc)
import Glibc
#endif

/// glibc's GNU extensions that Swift's Glibc module does not declare (it is built without
/// _GNU_SOURCE), found at run time. Each is nil on a C library without it.
enum GlibcSpawnExtensions {
    typealias FileActions = UnsafeMutablePointer<posix_spawn_file_actions_t>

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
    static let addCloseFrom: (@convention(c) (FileActions, Int32) -> Int32)? =
        symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
    static let addChangeDirectory: (@convention(c) (FileActions, UnsafePointer<CChar>) -> Int32)? =
        symbol("posix_spawn_file_actions_addchdir_np")
    /// `pipe2` (glibc 2.9).
    static let pipe2: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? =
        symbol("pipe2")
    /// `POSIX_SPAWN_SETSID` in glibc's <spawn.h> (honoured since glibc 2.26).
    static let setSessionFlag: Int32 = 0x80

    private static func symbol<Function>(_ name: String) -> Function? {
        // A null handle is RTLD_DEFAULT: search the global symbol scope.
        guard let address = dlsym(nil, name) else { return nil }
        return unsafeBitCast(address, to: Function.self)
    }
}
