import Glibc

/// The user's home folder: `$HOME`, else the password database's entry, else `/` (Foundation's `NSHomeDirectory`).
public func homeDirectory() -> String {
    if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) }
    if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
    return "/"
}
