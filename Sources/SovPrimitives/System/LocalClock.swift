import Glibc

/// Times of day in the machine's time zone, as `strftime` writes them (Foundation's `DateFormatter` without ICU).
public enum LocalClock {
    /// `HH:mm:ss` of `secondsSince1970` in local time.
    public static func timeOfDay(secondsSince1970: Double) -> String {
        var time = time_t(secondsSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        var buffer = [CChar](repeating: 0, count: 16)
        let count = strftime(&buffer, buffer.count, "%H:%M:%S", &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
