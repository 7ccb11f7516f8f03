/// The pure state machine of the UI: actions in, new state and effects out. No I/O happens here.
public enum Reducer {
    public static let wheelRows = 3

    public static func reduce(_ state: inout AppState, _ action: Action) -> [AppEffect] {
        switch action {
        case let .command(command, key):
            state.notice = nil
            return perform(command, key: key, on: &state)
        case let .insert(character):
            state.notice = nil
            if state.editing { state.question.insert(character) }
            return []
        case let .mouse(event):
            handle(event, on: &state)
            return []
        case let .resize(size):
            state.size = size
            return [.redraw]
        case let .event(envelope):
            apply(envelope, to: &state)
            return []
        case let .session(notice):
            apply(notice, to: &state)
            return []
        case let .tick(now):
            state.clock = now
            return []
        }
    }

    private static func perform(_ command: Command, key: Key, on state: inout AppState) -> [AppEffect] {
        switch command {
        case .quit: state.shouldQuit = true
        case .toggleHelp: open(state.showHelp ? nil : .help, in: &state)
        case .closeOverlay: open(nil, in: &state)
        case .focusNext: moveFocus(by: 1, in: &state)
        case .focusPrevious: moveFocus(by: -1, in: &state)
        case .focusPaneByDigit:
            if case let .character(c) = key, let digit = c.wholeNumberValue, digit >= 1, digit <= state.panes.count {
                state.focus = digit - 1
            }
        case .toggleZoom: if !state.panes.isEmpty { state.zoomed.toggle() }
        case .scrollUp: scroll(&state, by: -1)
        case .scrollDown: scroll(&state, by: 1)
        case .pageUp: scroll(&state, pages: -1)
        case .pageDown: scroll(&state, pages: 1)
        case .scrollTop: scroll(&state, by: Int.min / 2)
        case .scrollBottom: scroll(&state, by: Int.max / 2)
        case .editQuestion: state.editing = true
        case .togglePeek: state.showPeek.toggle()
        case .nextTheme: state.themeIndex = (state.themeIndex + 1) % max(1, state.themeCount)
        case .redraw: return [.redraw]
        case .stepNext, .continueRun, .cycleStepMode, .cancelRun, .faster, .slower:
            return control(command, on: &state)
        case .openStyles:
            open(.styles, in: &state)
            state.selection = state.styles.firstIndex { $0.name == state.styleName } ?? 0
        case .openTools:
            open(.tools, in: &state)
            state.selection = max(0, (state.run?.toolCalls.count ?? 0) - 1)
        case .selectPrevious: moveSelection(by: -1, in: &state)
        case .selectNext: moveSelection(by: 1, in: &state)
        case .choose: return choose(on: &state)
        case .back: open(.tools, in: &state)
        case .submitQuestion:
            if state.engineBusy || state.loading != nil {
                state.notice = state.engineBusy ? "a run is in flight: x cancels it, then ask again"
                    : "wait until \(state.loading?.style ?? "the style") has loaded"
                return []
            }
            guard let question = state.question.submit() else { return [] }
            state.editing = false
            state.engineBusy = true
            return [.engine(.ask(question: question, style: state.styleName, stepMode: state.stepMode))]
        case .cancelEditing: state.editing = false
        case .cursorLeft: state.question.moveLeft()
        case .cursorRight: state.question.moveRight()
        case .cursorHome: state.question.moveHome()
        case .cursorEnd: state.question.moveEnd()
        case .deleteBackward: state.question.deleteBackward()
        case .deleteForward: state.question.deleteForward()
        case .deleteToStart: state.question.deleteToStart()
        case .deleteWord: state.question.deleteWord()
        case .historyPrevious: state.question.historyPrevious()
        case .historyNext: state.question.historyNext()
        }
        return []
    }

    private static func open(_ overlay: Overlay?, in state: inout AppState) {
        state.overlay = overlay
        state.overlayScroll = 0
    }

    private static func moveFocus(by step: Int, in state: inout AppState) {
        guard !state.panes.isEmpty else { return }
        state.focus = (state.focus + step + state.panes.count) % state.panes.count
    }

    private static func handle(_ event: MouseEvent, on state: inout AppState) {
        if state.overlay != nil {
            switch (event.kind, state.overlay) {
            case (.wheelUp, .styles?), (.wheelUp, .tools?): moveSelection(by: -1, in: &state)
            case (.wheelDown, .styles?), (.wheelDown, .tools?): moveSelection(by: 1, in: &state)
            case (.wheelUp, _): scroll(&state, by: -wheelRows)
            case (.wheelDown, _): scroll(&state, by: wheelRows)
            case (.click, _): break
            }
            return
        }
        guard let layout = state.layout,
              let index = layout.panes.firstIndex(where: { $0.contains(event.at) }) else { return }
        switch event.kind {
        case .click: state.focus = index
        case .wheelUp: scrollPane(index, by: -wheelRows, in: &state)
        case .wheelDown: scrollPane(index, by: wheelRows, in: &state)
        }
    }

    private static func scroll(_ state: inout AppState, pages: Int) {
        if state.overlay != nil {
            scroll(&state, by: pages * max(1, state.size.height - 6))
        } else if let layout = state.layout, state.panes.indices.contains(state.focus) {
            let page = paneText(state, layout: layout, index: state.focus).height
            scroll(&state, by: pages * max(1, page - 1))
        }
    }

    private static func scroll(_ state: inout AppState, by rows: Int) {
        if state.overlay != nil {
            state.overlayScroll = max(0, state.overlayScroll.addingReportingOverflow(rows).partialValue)
        } else {
            scrollPane(state.focus, by: rows, in: &state)
        }
    }

    private static func paneText(_ state: AppState, layout: ScreenLayout, index: Int) -> Rect {
        PaneLayout(pane: layout.panes[index], showsLatent: !state.panes[index].latentNorms.isEmpty).text
    }

    /// Moves a pane's view by `rows` wrapped rows; reaching the end follows the tail again.
    private static func scrollPane(_ index: Int, by rows: Int, in state: inout AppState) {
        guard let layout = state.layout, state.panes.indices.contains(index) else { return }
        let text = paneText(state, layout: layout, index: index)
        let total = TextWrap.rows(of: state.panes[index].lines, width: text.width).count
        let lastTop = max(0, total - text.height)
        let top: Int
        switch state.panes[index].scroll {
        case .tail: top = lastTop
        case let .top(row): top = min(row, lastTop)
        }
        let target = max(0, min(lastTop, top + rows))
        state.panes[index].scroll = target >= lastTop ? .tail : .top(target)
    }
}
