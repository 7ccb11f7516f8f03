import Foundation
import Testing

/// Numbers on the command line are bounded with a clear error before anything runs (a negative count once
/// read as a missing value; huge ones were accepted and hung).
@Suite struct CommandLineBoundsTests {
    @Test(arguments: [
        (["run", "--style", "tiny_sequential", "-q", "x", "--rounds", "-1"], "--rounds must be at least 1, not -1"),
        (["run", "--style", "tiny_sequential", "-q", "x", "--rounds", "100000"], "--rounds must be at most 64, not 100000"),
        (["run", "--style", "tiny_sequential", "-q", "x", "--latent-steps", "0"], "--latent-steps must be at least 1, not 0"),
        (["run", "--style", "tiny_sequential", "-q", "x", "--max-new-tokens", "9223372036854775807"],
         "--max-new-tokens must be at most 1048576"),
        (["bench", "--model", "x.gguf", "-t", "10000"], "--threads must be at most"),
        (["bench", "--model", "x.gguf", "-t", "2147483648"], "--threads must be at most"),
        (["tools", "try", "python", "print(1)", "--timeout", "nan"], "--timeout must be a number of seconds in (0, 600]"),
        (["tools", "try", "python", "print(1)", "--timeout", "inf"], "--timeout must be a number of seconds in (0, 600]"),
        (["tools", "try", "python", "print(1)", "--timeout", "-3"], "--timeout must be a number of seconds in (0, 600]"),
    ])
    func refusedWithTheBound(_ arguments: [String], _ message: String) throws {
        let result = try MastuiCommand.run(arguments)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
    }
}
