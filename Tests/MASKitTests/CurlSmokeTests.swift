import CCurl
import Foundation
import Testing

@Suite struct CurlSmokeTests {
    @Test func fetchesFromALoopbackServer() throws {
        let server = try OneShotHTTPServer(body: "hello from 127.0.0.1")
        let curl = try #require(curl_easy_init())
        defer { curl_easy_cleanup(curl) }

        final class Sink { var bytes = [UInt8]() }
        let sink = Sink()
        let write: mas_curl_write_fn = { pointer, size, count, userdata in
            let sink = Unmanaged<Sink>.fromOpaque(userdata!).takeUnretainedValue()
            let length = size * count
            pointer.map { sink.bytes.append(contentsOf: UnsafeRawBufferPointer(start: $0, count: length)) }
            return length
        }
        #expect(mas_curl_setopt_string(curl, CURLOPT_URL, "http://127.0.0.1:\(server.port)/smoke") == CURLE_OK)
        #expect(mas_curl_setopt_write(curl, CURLOPT_WRITEFUNCTION, write) == CURLE_OK)
        #expect(mas_curl_setopt_pointer(curl, CURLOPT_WRITEDATA, Unmanaged.passUnretained(sink).toOpaque()) == CURLE_OK)
        #expect(mas_curl_setopt_long(curl, CURLOPT_TIMEOUT_MS, 5_000) == CURLE_OK)

        #expect(curl_easy_perform(curl) == CURLE_OK)
        var status = 0
        #expect(mas_curl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
        #expect(status == 200)
        #expect(String(decoding: sink.bytes, as: UTF8.self) == "hello from 127.0.0.1")
        #expect(server.waitForRequestLine()?.hasPrefix("GET /smoke HTTP/1.1") == true)
    }
}
