import MASTUI
import Testing

@Suite struct RenderTests {
    @Test func textWidthFollowsEastAsianWidth() {
        #expect(TextWidth.of("a") == 1)
        #expect(TextWidth.of("é") == 1)
        #expect(TextWidth.of("日") == 2)      // CJK ideograph: East Asian Width W
        #expect(TextWidth.of("ｱ") == 1)      // half-width katakana: H
        #expect(TextWidth.of("Ａ") == 2)      // full-width Latin: F
        #expect(TextWidth.of("😀") == 2)      // emoji presentation
        #expect(TextWidth.of("\t") == 0)
        #expect(TextWidth.of("日本 ok") == 7)
    }

    @Test func wideGraphemesTakeTwoCellsAndOverwritingHalfBlanksTheOther() {
        let surface = Surface(size: Size(width: 6, height: 1))
        let painter = Painter(surface: surface)
        painter.text("日本a", x: 0, y: 0, role: .main)
        #expect(surface.textRows() == ["日本a "])
        #expect(surface[1, 0].isContinuation)
        painter.text("x", x: 1, y: 0, role: .main)
        #expect(surface.textRows() == [" x本a "])
        painter.text("日", x: 5, y: 0, role: .main)   // does not fit in the last column
        #expect(surface.textRows() == [" x本a "])
    }

    @Test func painterClipsToItsArea() {
        let surface = Surface(size: Size(width: 8, height: 3))
        let painter = Painter(surface: surface).sub(Rect(x: 2, y: 1, width: 3, height: 1))
        painter.text("abcdef", x: -1, y: 0, role: .main)
        painter.text("zzz", x: 0, y: 1, role: .main)
        #expect(surface.textRows() == ["        ", "  bcd   ", "        "])
    }

    @Test func diffOfEqualFramesIsEmptyAndOfChangedFramesIsExactlyTheChange() {
        let a = Surface(size: Size(width: 5, height: 2)), b = Surface(size: Size(width: 5, height: 2))
        #expect(SurfaceDiff.changes(from: a, to: b).isEmpty)
        Painter(surface: b).text("hi", x: 2, y: 1, role: .title)
        #expect(SurfaceDiff.changes(from: a, to: b) == [
            CellChange(x: 2, y: 1, cell: Cell(grapheme: "h", role: .title)),
            CellChange(x: 3, y: 1, cell: Cell(grapheme: "i", role: .title)),
        ])
        #expect(SurfaceDiff.changes(from: nil, to: b).count == 10)
        #expect(SurfaceDiff.changes(from: Surface(size: Size(width: 4, height: 2)), to: b).count == 10)
    }

    /// Frames built from seeded random edits: applying the diff to the old screen gives the new one.
    @Test func applyingDiffsReproducesEveryFrame() {
        var generator = SplitMix(seed: 42)
        let size = Size(width: 17, height: 5)
        let backend = HeadlessBackend(size: size)
        var front: Surface?
        let words = ["latent", "日本", "→", "😀", "x", "  ", "norm"]
        for _ in 0..<50 {
            let back = Surface(size: size)
            let painter = Painter(surface: back)
            for _ in 0..<6 {
                let word = words[Int(generator.next() % UInt64(words.count))]
                painter.text(word, x: Int(generator.next() % 17), y: Int(generator.next() % 5), role: .token)
            }
            backend.present(SurfaceDiff.changes(from: front, to: back), cursor: nil)
            #expect(backend.screen.cells == back.cells)
            front = back
        }
    }

    @Test func wrapBreaksAtSpacesAndSplitsLongWords() {
        #expect(TextWrap.rows(of: "the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextWrap.rows(of: "abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWrap.rows(of: "日本語テキスト", width: 5) == ["日本", "語テ", "キス", "ト"])
        #expect(TextWrap.rows(of: "", width: 5) == [""])
        #expect(TextWrap.rows(of: "one two three", width: 7) == ["one two", "three"])
        #expect(TextWrap.rows(of: "ab cd", width: 3) == ["ab", "cd"])
        #expect(TextWrap.lastRows(of: ["one two three", "four"], width: 7, count: 2) == ["three", "four"])
    }

    @Test func sparklineScalesBetweenMinimumAndMaximum() {
        #expect(Sparkline(values: [1, 2, 3, 4, 5]).levels(width: 10, levels: 8) == [0, 2, 4, 6, 7])
        #expect(Sparkline(values: [3, 3, 3]).levels(width: 10, levels: 8) == [4, 4, 4])
        #expect(Sparkline(values: [9, 1, 2, 3]).levels(width: 2, levels: 8) == [0, 7])
    }
}

/// A small seeded generator, so the random frames are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
