/// The cells to send to the terminal to turn the frame on screen into the next one.
public enum SurfaceDiff {
    /// Every cell when there is no previous frame or its size differs, else only changed cells.
    public static func changes(from front: Surface?, to back: Surface) -> [CellChange] {
        var changes: [CellChange] = []
        let everything = front?.size != back.size
        for y in 0..<back.size.height {
            for x in 0..<back.size.width {
                let cell = back[x, y]
                if everything || front?[x, y] != cell {
                    changes.append(CellChange(x: x, y: y, cell: cell))
                }
            }
        }
        return changes
    }
}
