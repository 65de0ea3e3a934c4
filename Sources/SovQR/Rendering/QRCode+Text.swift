extension QRCode {
    /// The symbol as text, two module rows per line in Unicode half blocks (▀ ▄ █), with a quiet zone of
    /// `quietZone` modules. With `ansiColors` every line is drawn black on white with explicit escape codes, so
    /// it scans on dark and light terminals alike; without them a full block is a dark module (for files and
    /// light backgrounds).
    public func halfBlockText(quietZone: Int = 4, ansiColors: Bool) -> String {
        let side = size + 2 * quietZone
        func dark(_ row: Int, _ column: Int) -> Bool {
            let r = row - quietZone
            let c = column - quietZone
            guard (0..<size).contains(r), (0..<size).contains(c) else { return false }
            return self[r, c]
        }
        var text = ""
        for top in stride(from: 0, to: side, by: 2) {
            if ansiColors { text += "\u{1B}[30;107m" }
            for column in 0..<side {
                switch (dark(top, column), dark(top + 1, column)) {
                case (true, true): text += "█"
                case (true, false): text += "▀"
                case (false, true): text += "▄"
                case (false, false): text += " "
                }
            }
            if ansiColors { text += "\u{1B}[0m" }
            text += "\n"
        }
        return text
    }
}
