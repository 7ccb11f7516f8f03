import MASTUI
import Testing

@Suite struct KeymapTests {
    let keymap = Keymap.standard

    @Test func noKeyIsBoundTwiceInOneContext() {
        for context in KeyContext.allCases {
            let keys = keymap.bindings(in: context).flatMap(\.keys)
            #expect(keys.count == Set(keys).count, "\(context)")
        }
    }

    @Test func everyCommandHasAKey() {
        let bound = Set(keymap.bindings.map(\.command))
        #expect(bound == Set(Command.allCases))
    }

    @Test func everyContextCanQuit() {
        for context in KeyContext.allCases where context != .editing {
            #expect(keymap.command(for: .control("c"), in: context) == .quit, "\(context)")
        }
    }

    @Test func helpListsEveryBindingOfTheScreensItDescribes() {
        let lines = HelpOverlayView(keymap: keymap, scroll: 0, glyphs: .unicode).lines
        let text = lines.map { line in line.map { $0.0 }.joined() }
        for binding in keymap.bindings where binding.context != .tooSmall {
            #expect(text.contains { $0.contains(binding.description) && $0.contains(binding.displayKeys) },
                    "\(binding.description)")
        }
    }
}
