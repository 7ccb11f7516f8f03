/// What a key binding does. The keymap table maps keys to commands; the reducer carries them out.
public enum Command: Hashable, Sendable, CaseIterable {
    case quit, toggleHelp, closeOverlay
    case focusNext, focusPrevious, focusPaneByDigit, toggleZoom
    case scrollUp, scrollDown, pageUp, pageDown, scrollTop, scrollBottom
    case editQuestion, togglePeek, nextTheme, redraw
    // Running and stepping.
    case stepNext, continueRun, cycleStepMode, cancelRun, faster, slower
    // Lists: the style picker and the tool calls.
    case openStyles, openTools, selectPrevious, selectNext, choose, back
    // Editing the question line.
    case submitQuestion, cancelEditing, cursorLeft, cursorRight, cursorHome, cursorEnd
    case deleteBackward, deleteForward, deleteToStart, deleteWord, historyPrevious, historyNext
}
