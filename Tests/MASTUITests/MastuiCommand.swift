import Foundation
import Testing

/// The `mastui` executable `swift test` built next to the test bundle, run as a user runs it.
enum MastuiCommand {
    static func executable() throws -> URL {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mastui")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no mastui at \(binary.path)")
        return binary
    }

    /// Runs `mastui ARGUMENTS` with `environment` over the test's own; returns its exit status and output.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complained = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, printed, complained)
    }
}
