/// Where everything goes: the question line on top, agent panes, the hop strip, the status bar
/// at the bottom. Nil when the terminal is below the minimum size.
public struct ScreenLayout: Equatable, Sendable {
    public static let minimumWidth = 60
    public static let minimumPaneHeight = 5
    public static let minimumHopStripHeight = 4

    public var questionLine: Rect
    /// One rectangle per agent; when a pane is zoomed the others are empty.
    public var panes: [Rect]
    /// Empty until a run has links.
    public var hopStrip: Rect
    public var statusBar: Rect
    /// The area the panes share (also the welcome area before a run).
    public var paneArea: Rect

    public static func minimumSize(agentCount: Int, linkCount: Int) -> Size {
        let rows = max(1, PaneGrid.shape(count: agentCount, width: minimumWidth).rows)
        let strip = linkCount > 0 ? minimumHopStripHeight : 0
        return Size(width: minimumWidth, height: 2 + strip + rows * minimumPaneHeight)
    }

    public init?(size: Size, agentCount: Int, linkCount: Int, zoomedPane: Int?) {
        let minimum = Self.minimumSize(agentCount: agentCount, linkCount: linkCount)
        guard size.width >= minimum.width, size.height >= minimum.height else { return nil }
        var rest = Rect(size: size)
        (questionLine, rest) = rest.splitTop(1)
        (rest, statusBar) = rest.splitBottom(1)

        let gridRows = max(1, PaneGrid.shape(count: agentCount, width: size.width).rows)
        let stripHeight: Int
        if linkCount == 0 {
            stripHeight = 0
        } else {
            let wanted = min(linkCount * 2 + 3, max(Self.minimumHopStripHeight, rest.height / 3))
            stripHeight = max(Self.minimumHopStripHeight, min(wanted, rest.height - gridRows * Self.minimumPaneHeight))
        }
        (paneArea, hopStrip) = rest.splitBottom(stripHeight)
        if let zoomed = zoomedPane, agentCount > 0 {
            let area = paneArea
            panes = (0..<agentCount).map { $0 == zoomed ? area : Rect(x: 0, y: 0, width: 0, height: 0) }
        } else {
            panes = PaneGrid.arrange(count: agentCount, in: paneArea)
        }
    }
}
