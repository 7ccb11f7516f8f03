import Foundation

/// The question line: UTF-8 text edited at a cursor (in graphemes), with a history of asked
/// questions walked with up and down. The line being typed is kept while walking the history.
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character] = []
    public private(set) var cursor = 0
    public private(set) var history: [String] = []
    private var historyIndex: Int?
    private var draft: [Character] = []

    public var text: String { String(characters) }

    public mutating func insert(_ character: Character) {
        characters.insert(character, at: cursor)
        cursor += 1
    }

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }
    public mutating func moveHome() { cursor = 0 }
    public mutating func moveEnd() { cursor = characters.count }

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func deleteToStart() {
        characters.removeFirst(cursor)
        cursor = 0
    }

    /// Deletes the spaces before the cursor, then the word before them (Ctrl-W).
    public mutating func deleteWord() {
        var start = cursor
        while start > 0, characters[start - 1].isWhitespace { start -= 1 }
        while start > 0, !characters[start - 1].isWhitespace { start -= 1 }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    public mutating func historyPrevious() {
        guard !history.isEmpty else { return }
        let index = historyIndex.map { max(0, $0 - 1) } ?? history.count - 1
        if historyIndex == nil { draft = characters }
        show(Array(history[index]), index: index)
    }

    public mutating func historyNext() {
        guard let index = historyIndex else { return }
        if index + 1 < history.count {
            show(Array(history[index + 1]), index: index + 1)
        } else {
            show(draft, index: nil)
        }
    }

    /// Takes the line as a question: remembers it in the history and clears the line.
    /// Returns nil (and keeps the line) when it is blank.
    public mutating func submit() -> String? {
        let question = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { return nil }
        if history.last != question { history.append(question) }
        show([], index: nil)
        draft = []
        return question
    }

    private mutating func show(_ line: [Character], index: Int?) {
        characters = line
        cursor = line.count
        historyIndex = index
    }
}
