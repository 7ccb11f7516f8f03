/// Finds tool calls in an answer while it is decoded, one piece of text at a time.
///
/// Matches the reference's `<(python|search)>\s*(.*?)\s*</\1>` (case-insensitive, dot matches
/// newline), searched from a cursor that sits after the last call's result. A call is reported
/// the moment its closing tag is complete, even when the tags are split across pieces, so the
/// decoder can stop right there. Text fed after that closing tag is dropped from `text`, as the
/// reference cuts the answer right after the call.
///
/// Tags are matched on UTF-8 bytes with ASCII case folding; the text between them is arbitrary.
public struct ToolCallScanner: Sendable {
    /// The answer before the cursor: text up to the last call's closing tag, and its result.
    private var settled = ""
    /// Bytes fed since the cursor, which hold no complete call.
    private var pending: [UInt8] = []
    /// Text of the piece that completed the last call, after its closing tag.
    public private(set) var droppedText = ""

    public init() {}

    /// The answer so far: every piece fed, cut after each call, with the appended results.
    public var text: String { settled + String(decoding: pending, as: UTF8.self) }

    /// True when an opening tag after the cursor has no closing tag yet: the model is inside a call.
    public var hasUnclosedCall: Bool {
        ToolTag.all.contains { tag in firstOccurrence(of: tag.opening, in: 0..<pending.count) != nil }
    }

    /// Adds decoded text; returns the call whose closing tag this piece completed, if any.
    /// After a call, append its result with `appendResult` before feeding more text.
    public mutating func feed(_ piece: String) -> ToolCall? {
        let scanFrom = max(0, pending.count - (ToolTag.longestClosing - 1))
        pending.append(contentsOf: piece.utf8)
        let closesSomething = ToolTag.all.contains { tag in
            firstOccurrence(of: tag.closing, in: scanFrom..<pending.count) != nil
        }
        guard closesSomething, let match = firstMatch() else { return nil }
        let content = String(decoding: pending[match.contentStart..<match.closingStart], as: UTF8.self)
        droppedText = String(decoding: pending[match.end...], as: UTF8.self)
        settled += String(decoding: pending[..<match.end], as: UTF8.self)
        pending.removeAll()
        return ToolCall(tool: match.tool, arguments: content.trimmingWhitespace)
    }

    /// Appends text after the last call (its ` <result> … </result>`) and moves the cursor past it.
    public mutating func appendResult(_ resultText: String) {
        settled += String(decoding: pending, as: UTF8.self) + resultText
        pending.removeAll()
    }

    /// The reference's search over the pending bytes: the earliest opening tag that some later
    /// closing tag of the same tool closes, with the first such closing tag.
    private func firstMatch() -> (tool: ToolName, contentStart: Int, closingStart: Int, end: Int)? {
        for start in pending.indices {
            for tag in ToolTag.all where matches(tag.opening, at: start) {
                let contentStart = start + tag.opening.count
                if let closing = firstOccurrence(of: tag.closing, in: contentStart..<pending.count) {
                    return (tag.tool, contentStart, closing, closing + tag.closing.count)
                }
            }
        }
        return nil
    }

    /// First start of `pattern` that fits entirely inside `range`.
    private func firstOccurrence(of pattern: [UInt8], in range: Range<Int>) -> Int? {
        var start = range.lowerBound
        while start + pattern.count <= range.upperBound {
            if matches(pattern, at: start) { return start }
            start += 1
        }
        return nil
    }

    private func matches(_ pattern: [UInt8], at start: Int) -> Bool {
        guard start + pattern.count <= pending.count else { return false }
        for offset in 0..<pattern.count where ToolTag.folded(pending[start + offset]) != pattern[offset] {
            return false
        }
        return true
    }
}

/// The byte patterns of one tool's tags, lower-case.
private struct ToolTag {
    let tool: ToolName
    let opening: [UInt8]
    let closing: [UInt8]

    static let all = ToolName.allCases.map {
        ToolTag(tool: $0, opening: Array("<\($0.rawValue)>".utf8), closing: Array("</\($0.rawValue)>".utf8))
    }
    static let longestClosing = all.map(\.closing.count).max() ?? 0

    /// ASCII lower-case; every other byte unchanged.
    static func folded(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}

extension String {
    /// The string without leading and trailing white space and newlines (Python's `str.strip()`).
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// The string without trailing white space (Python's `str.rstrip()`).
    var trimmingTrailingWhitespace: String {
        let scalars = unicodeScalars
        guard let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[...last])
    }
}
