extension QRCode {
    /// The symbol as a standalone SVG document: a white background with the quiet zone and one black path
    /// of horizontal runs, `moduleSize` user units per module, crisp edges (no external assets).
    public func svg(moduleSize: Int = 8, quietZone: Int = 4) -> String {
        let side = (size + 2 * quietZone) * moduleSize
        var path = ""
        for row in 0..<size {
            var column = 0
            while column < size {
                guard self[row, column] else { column += 1; continue }
                var end = column
                while end < size, self[row, end] { end += 1 }
                path += "M\(column + quietZone) \(row + quietZone)h\(end - column)v1h-\(end - column)z"
                column = end
            }
        }
        let scale = moduleSize
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(size + 2 * quietZone) \(size + 2 * quietZone)" shape-rendering="crispEdges" data-module-size="\(scale)">\
            <rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="\(path)"/></svg>

            """
    }
}
