/// A rendered frame: the cells and, while typing, where the terminal cursor goes.
public struct Frame {
    public var surface: Surface
    public var cursor: Point?
}

/// Turns the state into a frame. Reads the state, never changes it.
public struct ScreenView {
    public var state: AppState
    public var keymap: Keymap
    public var glyphs: Glyphs

    public func render() -> Frame {
        let surface = Surface(size: state.size)
        let painter = Painter(surface: surface)
        guard let layout = state.layout else {
            let needed = ScreenLayout.minimumSize(agentCount: state.panes.count, linkCount: state.run?.links.count ?? 0)
            TooSmallView(size: state.size, needed: needed, glyphs: glyphs).draw(in: painter)
            return Frame(surface: surface, cursor: nil)
        }
        let cursor = QuestionLineView(state: state, glyphs: glyphs).draw(in: painter.sub(layout.questionLine))
        if state.panes.isEmpty {
            WelcomeView(styleName: state.styleName, stepMode: state.stepMode, glyphs: glyphs)
                .draw(in: painter.sub(layout.paneArea))
        }
        for (index, rect) in layout.panes.enumerated() where !rect.isEmpty {
            AgentPaneView(pane: state.panes[index], index: index, focused: index == state.focus, glyphs: glyphs)
                .draw(in: painter.sub(rect))
        }
        if let paused = state.run?.paused {
            PauseBannerView(point: paused, glyphs: glyphs).draw(in: painter.sub(layout.paneArea), y: layout.paneArea.height - 1)
        }
        if !layout.hopStrip.isEmpty {
            HopStripView(hops: state.run?.hops ?? [], peek: state.showPeek, glyphs: glyphs)
                .draw(in: painter.sub(layout.hopStrip))
        }
        if let loading = state.loading {
            LoadingView(loading: loading, clock: state.clock, glyphs: glyphs).draw(in: painter.sub(layout.paneArea))
        }
        StatusBarView(state: state, keymap: keymap, glyphs: glyphs).draw(in: painter.sub(layout.statusBar))
        switch state.overlay {
        case nil:
            return Frame(surface: surface, cursor: cursor)
        case .help:
            HelpOverlayView(keymap: keymap, scroll: state.overlayScroll, glyphs: glyphs)
                .draw(in: painter.sub(Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)))
        case .styles:
            StylePickerView(styles: state.styles, selection: state.selection, current: state.styleName, glyphs: glyphs)
                .draw(in: painter)
        case .tools:
            ToolListView(calls: state.run?.toolCalls ?? [], selection: state.selection, glyphs: glyphs).draw(in: painter)
        case let .inspector(index):
            ToolInspectorView(calls: state.run?.toolCalls ?? [], index: index, scroll: state.overlayScroll, glyphs: glyphs)
                .draw(in: painter)
        }
        return Frame(surface: surface, cursor: nil)
    }
}
