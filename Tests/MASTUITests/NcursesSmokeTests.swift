import CNcurses
import Foundation
import Testing

@Suite struct NcursesSmokeTests {
    @Test func drawsAndReadsBackOnAnOffscreenTerminal() throws {
        setlocale(LC_ALL, "C.UTF-8")
        let output = try #require(fopen("/dev/null", "w"))
        let input = try #require(fopen("/dev/null", "r"))
        defer { fclose(output); fclose(input) }
        let screen = try #require(newterm("xterm-256color", output, input), "newterm failed")
        defer { endwin(); delscreen(screen) }

        let window = try #require(newwin(5, 20, 0, 0))
        defer { delwin(window) }
        #expect(mas_getmaxy(window) == 5)
        #expect(mas_getmaxx(window) == 20)

        let text = Array("mastui → ok".unicodeScalars)
        for (column, scalar) in text.enumerated() {
            var chars: [wchar_t] = [wchar_t(scalar.value), 0]
            #expect(mas_put_cell(window, 2, Int32(column), &chars, mas_a_bold(), 0) == OK)
        }
        let readBack = (0..<text.count).map { column in
            Unicode.Scalar(UInt32(mas_cell_char(window, 2, Int32(column)))).map(Character.init) ?? "?"
        }
        #expect(String(readBack) == "mastui → ok")
        #expect(mas_cell_char(window, 0, 0) == wchar_t(UInt8(ascii: " ")))
    }
}
