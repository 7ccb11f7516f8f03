import Foundation
import MASKit
import Testing

/// Files the tests read: committed fixtures under Tests/Fixtures and the default models.
enum TestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    static func fixture(_ relativePath: String) -> URL {
        fixtures.appendingPathComponent(relativePath)
    }

    /// A default model; the test fails (it is not skipped) when set-up has not installed it.
    static func model(_ model: ModelDirectory.Default) throws -> URL {
        let url = ModelDirectory().path(of: model)
        try #require(FileManager.default.fileExists(atPath: url.path),
                     "missing \(url.path): run \(ModelDirectory.setupCommand)")
        return url
    }
}
