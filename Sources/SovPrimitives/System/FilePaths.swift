/// Path text as the shell writes it, for the few places that need a path's folder or a joined path
/// (Foundation's `NSString` path methods).
public enum FilePaths {
    /// The folder part of `path`: `"a/b/c"` → `"a/b"`, `"/c"` → `"/"`, `"c"` → `""`; trailing slashes ignored.
    public static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        if slash == trimmed.startIndex { return "/" }
        var folder = trimmed[..<slash]
        while folder.count > 1 && folder.hasSuffix("/") { folder = folder.dropLast() }
        return String(folder)
    }

    /// `name` inside `directory` with exactly one slash between them.
    public static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}

extension String {
    /// The text cut or padded with spaces to exactly `width` characters, for table columns (Foundation's
    /// `padding(toLength:withPad:startingAt:)` with a space).
    public func fixedWidth(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}
