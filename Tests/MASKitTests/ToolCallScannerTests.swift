import MASKit
import Testing

@Suite struct ToolCallScannerTests {
    /// Every fixture text, fed in the fixture's pieces, gives the calls, final text and unclosed
    /// state of the reference's regexes checked after each piece.
    @Test func matchesTheReferenceRegexesPieceByPiece() throws {
        let fixture = try ToolFixture.load()
        #expect(fixture.detection.count > 100)
        for (index, testCase) in fixture.detection.enumerated() {
            var scanner = ToolCallScanner()
            var calls: [ToolFixture.Call] = []
            for piece in testCase.pieces {
                if let call = scanner.feed(piece) {
                    calls.append(ToolFixture.Call(tool: call.tool.rawValue, arguments: call.arguments))
                    scanner.appendResult(ToolResultText.wrapped("R\(calls.count)"))
                }
            }
            #expect(calls == testCase.calls, "case \(index): \(testCase.pieces)")
            #expect(scanner.text == testCase.text, "case \(index)")
            #expect(scanner.hasUnclosedCall == testCase.unclosed, "case \(index)")
        }
    }

    @Test func detectsTagsSplitAcrossTokensAndStopsAtTheClosingTag() {
        var scanner = ToolCallScanner()
        let pieces = ["I will", " compute <", "py", "THON", ">\n", "print(6", "*7)", "\n</", "pyt", "hon", "> and then"]
        var found: [(Int, ToolCall)] = []
        for (index, piece) in pieces.enumerated() {
            if let call = scanner.feed(piece) { found.append((index, call)) }
        }
        #expect(found.count == 1)
        #expect(found.first?.0 == 10, "the call completes with the piece that ends the closing tag")
        #expect(found.first?.1 == ToolCall(tool: .python, arguments: "print(6*7)"))
        #expect(scanner.text == "I will compute <pyTHON>\nprint(6*7)\n</python>")
        #expect(scanner.droppedText == " and then")
        #expect(!scanner.hasUnclosedCall)
    }

    @Test func dropsTextAfterTheClosingTagInTheSamePiece() {
        var scanner = ToolCallScanner()
        #expect(scanner.feed("<search>moon distance</search> <result> made up") == ToolCall(tool: .search, arguments: "moon distance"))
        #expect(scanner.text == "<search>moon distance</search>")
        #expect(scanner.droppedText == " <result> made up")
        scanner.appendResult(ToolResultText.wrapped("384,400 km"))
        #expect(scanner.feed(" So it is far.") == nil)
        #expect(scanner.text == "<search>moon distance</search> <result> 384,400 km </result> So it is far.")
    }

    @Test func resultsAreNeverScannedForCalls() {
        var scanner = ToolCallScanner()
        #expect(scanner.feed("<python>print('<python>x</python>')</python>") != nil)
        scanner.appendResult(ToolResultText.wrapped("<search>inside a result</search>"))
        #expect(!scanner.hasUnclosedCall)
        #expect(scanner.feed(" done") == nil)
    }

    @Test func capsResultsLikeTheReference() throws {
        for testCase in try ToolFixture.load().truncation {
            #expect(ToolResultText.capped(testCase.text, maxCharacters: testCase.max) == testCase.expected)
        }
    }
}
