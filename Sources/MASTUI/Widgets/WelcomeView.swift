import MASKit

/// What the pane area shows before any run has started.
public struct WelcomeView {
    public var styleName: String
    public var stepMode: StepMode
    public var glyphs: Glyphs

    public var lines: [String] {
        ["No run yet.",
         "",
         "Press / to type a question, ? for help, q to quit.",
         "Style \(styleName) (s picks another) \(glyphs.dot) \(Reducer.stepModeText(stepMode)) (m changes it)",
         "",
         "Replay a recorded run with: mastui tui --replay FILE.jsonl"]
    }

    public func draw(in painter: Painter) {
        painter.box(title: [(" mastui ", .title)], border: .border, glyphs: glyphs)
        let lines = lines
        let top = max(1, (painter.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let x = max(2, (painter.width - TextWidth.of(line)) / 2)
            painter.sub(Rect(x: 1, y: 1, width: painter.width - 2, height: painter.height - 2))
                .text(line, x: x - 1, y: top + offset - 1, role: offset == 0 ? .title : .inactive)
        }
    }
}
