import Foundation
import MASTUI
import Testing

@Suite struct ThemeTests {
    static let shipped = UITestSupport.root.appendingPathComponent("themes")

    static func shippedFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: shipped, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "theme" }
    }

    @Test func everyShippedThemeParsesCleanlyAndSetsEveryKey() throws {
        let files = try Self.shippedFiles()
        #expect(files.count >= 4)
        for url in files {
            let file = ThemeFile(parsing: try String(contentsOf: url, encoding: .utf8), fileName: url.lastPathComponent)
            #expect(file.warnings.isEmpty, "\(url.lastPathComponent)")
            #expect(Set(file.entries.keys) == Set(ThemeKey.allCases), "\(url.lastPathComponent)")
        }
    }

    @Test func catalogPutsDefaultFirst() {
        let catalog = ThemeCatalog.load(from: [Self.shipped])
        #expect(catalog.themes.first?.name == "default")
        #expect(Set(catalog.themes.map(\.name)).isSuperset(of: ["default", "light", "high-contrast", "nord"]))
        #expect(catalog.warnings.isEmpty)
    }

    @Test func valueForms() {
        let file = ThemeFile(parsing: """
            # comment
            theme[main_bg]=""
            theme[main_fg]="#a0b0c0"
            theme[title]="#7f,bold,underline"
            theme[border]="10 20 30"
            theme[hi_fg]="bright-yellow, reverse"   # trailing comment
            """, fileName: "t.theme")
        #expect(file.warnings.isEmpty)
        #expect(file.entries[.mainBg] == ThemeEntry(color: nil))
        #expect(file.entries[.mainFg] == ThemeEntry(color: .rgb(0xA0, 0xB0, 0xC0)))
        #expect(file.entries[.title] == ThemeEntry(color: .rgb(0x7F, 0x7F, 0x7F), attributes: [.bold, .underline]))
        #expect(file.entries[.border] == ThemeEntry(color: .rgb(10, 20, 30)))
        #expect(file.entries[.hiFg] == ThemeEntry(color: .ansi(11), attributes: .reverse))
    }

    @Test func brokenLinesWarnAndTheRestLoads() {
        let file = ThemeFile(parsing: """
            theme[main_fg]="#zzzzzz"
            theme[nonsense]="#ffffff"
            theme[title]="#ffffff,blink"
            garbage
            theme[border]="#123456"
            """, fileName: "broken.theme")
        #expect(file.warnings == [
            "broken.theme:1: bad colour \"#zzzzzz\" for theme[main_fg]",
            "broken.theme:2: unknown key \"nonsense\" (ignored)",
            "broken.theme:3: unknown attribute \"blink\" for theme[title]",
            "broken.theme:4: expected theme[key]=\"value\"",
        ])
        #expect(file.entries == [.border: ThemeEntry(color: .rgb(0x12, 0x34, 0x56))])
        let theme = Theme(name: "broken", file: file)
        #expect(Set(theme.entries.keys) == Set(ThemeKey.allCases))
        #expect(theme.entries[.border] == ThemeEntry(color: .rgb(0x12, 0x34, 0x56)))
    }

    @Test func unusableOrUnknownThemesFallBackWithAWarning() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mastui-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "not a theme\n".write(to: directory.appendingPathComponent("junk.theme"), atomically: true, encoding: .utf8)
        var catalog = ThemeCatalog.load(from: [directory])
        #expect(catalog.themes.map(\.name) == ["default"])
        #expect(catalog.themes[0] == Theme.fallback)
        #expect(catalog.warnings.contains { $0.hasSuffix("junk.theme: no usable theme entries; skipped") })
        #expect(catalog.select("no-such-theme") == 0)
        #expect(catalog.warnings.last?.hasPrefix("theme \"no-such-theme\" not found") == true)
    }

    /// Expected indices are those of the xterm 256-colour palette (cube levels 0, 95, 135, 175,
    /// 215, 255 at 16 + 36r + 6g + b; greys 8 + 10i at 232 + i).
    @Test func truecolorDowngradesToTheXtermPalettes() {
        #expect(ColorDepth.xterm256(255, 0, 0) == 196)
        #expect(ColorDepth.xterm256(0, 0, 0) == 16)
        #expect(ColorDepth.xterm256(255, 255, 255) == 231)
        #expect(ColorDepth.xterm256(95, 135, 175) == 67)
        #expect(ColorDepth.xterm256(128, 128, 128) == 244)
        #expect(ColorDepth.xterm256(0x87, 0xD7, 0xFF) == 117)
        #expect(ColorDepth.nearestANSI(250, 10, 10) == 9)
        #expect(ColorDepth.nearestANSI(10, 10, 10) == 0)
        #expect(ColorDepth.ansi16.index(of: .ansi(12)) == 12)
        #expect(ColorDepth.mono.index(of: .rgb(1, 2, 3)) == nil)
    }

    @Test func monoTellsTheImportantRolesApart() {
        let roles: [ThemeRole] = [.main, .title, .inactive, .status, .statusKey, .warn, .error]
        let styles = roles.map { Theme.monoStyle(for: $0) }
        #expect(Set(styles).count == roles.count)
        #expect(styles.allSatisfy { $0.foreground == nil && $0.background == nil })
        #expect(Theme.fallback.style(for: .error, depth: .mono) == Theme.monoStyle(for: .error))
    }
}
