/// What a key binding does. The keymap table maps keys to commands; the reducer carries them out.
public enum Command: Hashable, Sendable, CaseIterable {
    case quit, toggleHelp, closeOverlay
    case focusNext, focusPrevious, focusPaneByDigit, toggleZoom
    case scrollUp, scrollDown, pageUp, pageDown, scrollTop, scrollBottom
    case editQuestion, togglePeek, nextTheme, redraw
    // Editing the question line.
    case submitQuestion, cancelEditing, cursorLeft, cursorRight, cursorHome, cursorEnd
    case deleteBackward, deleteForward, deleteToStart, deleteWord, historyPrevious, historyNext
}
