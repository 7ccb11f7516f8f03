/// The top row: the question being typed (with the cursor), or the run's question and answer.
public struct QuestionLineView {
    public var state: AppState
    public var glyphs: Glyphs

    /// Draws the row; returns where the terminal cursor belongs while typing.
    public func draw(in painter: Painter) -> Point? {
        painter.fill(.main)
        if state.editing { return drawEditor(in: painter) }
        guard let run = state.run else {
            painter.text(" Press / to type a question, ? for help", x: 0, y: 0, role: .inactive)
            return nil
        }
        var answer = ""
        if let result = run.answer {
            let text = result.extracted ?? result.text.split(separator: "\n").last.map(String.init) ?? ""
            answer = TextWidth.truncate(" answer: " + text, to: painter.width / 2, ellipsis: glyphs.ellipsis) + " "
        }
        let room = painter.width - TextWidth.of(answer)
        let x = painter.text(" Q ", x: 0, y: 0, role: .title)
        let question = run.question.split(separator: "\n").joined(separator: " ")
        painter.text(TextWidth.truncate(question, to: room - x - 1, ellipsis: glyphs.ellipsis), x: x, y: 0, role: .main)
        painter.text(answer, x: room, y: 0, role: .ok)
        return nil
    }

    /// The line scrolls sideways so that the cursor stays visible.
    private func drawEditor(in painter: Painter) -> Point {
        let prompt = " \(glyphs.cursorMark) "
        let start = painter.text(prompt, x: 0, y: 0, role: .title)
        let room = max(1, painter.width - start - 1)
        let characters = state.question.characters
        let cursor = state.question.cursor
        var first = 0
        while TextWidth.of(String(characters[first..<cursor])) >= room { first += 1 }
        let visible = TextWidth.truncate(String(characters[first...]), to: room, ellipsis: glyphs.ellipsis)
        painter.text(visible, x: start, y: 0, role: .main)
        return Point(x: painter.area.x + start + TextWidth.of(String(characters[first..<cursor])), y: painter.area.y)
    }
}
