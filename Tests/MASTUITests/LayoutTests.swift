import MASTUI
import Testing

@Suite struct LayoutTests {
    private func cells(_ rects: [Rect]) -> [Point] {
        rects.flatMap { r in (r.y..<r.maxY).flatMap { y in (r.x..<r.maxX).map { Point(x: $0, y: y) } } }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 8], [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func panesTileTheirAreaExactly(count: Int, size: Size) {
        let area = Rect(x: 0, y: 1, width: size.width, height: size.height - 8)
        let panes = PaneGrid.arrange(count: count, in: area)
        #expect(panes.count == count)
        let covered = cells(panes)
        #expect(covered.count == Set(covered).count)
        #expect(covered.count == area.width * area.height)
    }

    @Test func gridShapes() {
        #expect(PaneGrid.shape(count: 2, width: 80) == (2, 1))
        #expect(PaneGrid.shape(count: 3, width: 120) == (3, 1))
        #expect(PaneGrid.shape(count: 3, width: 80) == (2, 2))
        #expect(PaneGrid.shape(count: 4, width: 200) == (2, 2))
        #expect(PaneGrid.shape(count: 5, width: 120) == (3, 2))
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func screenRegionsDoNotOverlapAndFillTheScreen(size: Size) throws {
        let layout = try #require(ScreenLayout(size: size, agentCount: 3, linkCount: 3, zoomedPane: nil))
        let all = [layout.questionLine, layout.hopStrip, layout.statusBar] + layout.panes
        let covered = cells(all)
        #expect(covered.count == Set(covered).count)
        #expect(covered.count == size.width * size.height)
        #expect(layout.questionLine.y == 0 && layout.statusBar.y == size.height - 1)
        #expect(layout.panes.allSatisfy { $0.height >= ScreenLayout.minimumPaneHeight })
    }

    @Test func zoomGivesTheFocusedPaneTheWholePaneArea() throws {
        let layout = try #require(ScreenLayout(size: Size(width: 100, height: 30), agentCount: 3, linkCount: 2,
                                               zoomedPane: 1))
        #expect(layout.panes[1] == layout.paneArea)
        #expect(layout.panes[0].isEmpty && layout.panes[2].isEmpty)
    }

    @Test func belowTheMinimumThereIsNoLayout() {
        let minimum = ScreenLayout.minimumSize(agentCount: 3, linkCount: 3)
        #expect(ScreenLayout(size: minimum, agentCount: 3, linkCount: 3, zoomedPane: nil) != nil)
        #expect(ScreenLayout(size: Size(width: minimum.width - 1, height: minimum.height), agentCount: 3,
                             linkCount: 3, zoomedPane: nil) == nil)
        #expect(ScreenLayout(size: Size(width: minimum.width, height: minimum.height - 1), agentCount: 3,
                             linkCount: 3, zoomedPane: nil) == nil)
    }
}
