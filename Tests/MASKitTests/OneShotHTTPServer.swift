import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP server on 127.0.0.1 for tests: answers one request with a fixed body, then stops.
final class OneShotHTTPServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)
    private var requestLine: String?

    init(body: String, status: String = "200 OK") throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EIO) }
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
        }
        guard bound == 0, listen(listener, 1) == 0 else { close(listener); throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var actualLength = length
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &actualLength) }
        }
        port = UInt16(bigEndian: actual.sin_port)

        let response = "HTTP/1.1 \(status)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        Thread.detachNewThread { [self] in
            defer { close(listener); done.signal() }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            defer { close(connection) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(connection, &buffer, buffer.count)
            if count > 0 {
                requestLine = String(decoding: buffer[..<count], as: UTF8.self).components(separatedBy: "\r\n").first
            }
            _ = response.withCString { write(connection, $0, strlen($0)) }
        }
    }

    /// The first line of the request the server received, once it has answered (nil after 5 s).
    func waitForRequestLine() -> String? {
        done.wait(timeout: .now() + 5) == .success ? requestLine : nil
    }
}
