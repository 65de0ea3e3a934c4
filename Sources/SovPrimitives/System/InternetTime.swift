import Glibc

/// RFC 3339 "internet date-time" in UTC, `2026-12-05T01:30:00Z`, as Foundation's `ISO8601DateFormatter` writes it
/// by default, without ICU: whole seconds; offsets such as `+02:00` are read as well as `Z`.
public enum InternetTime {
    /// `secondsSince1970` (rounded down to a second) as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func format(secondsSince1970: Double) -> String {
        render(secondsSince1970: secondsSince1970, format: "%Y-%m-%dT%H:%M:%SZ", local: false)
    }

    /// `secondsSince1970` (rounded down) written by `strftime` with `format`, in UTC or in the machine's time zone.
    static func render(secondsSince1970: Double, format: String, local: Bool) -> String {
        var time = time_t(secondsSince1970.rounded(.down))
        var parts = tm()
        if local { localtime_r(&time, &parts) } else { gmtime_r(&time, &parts) }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The seconds since 1970 that `text` names, or nil when it is not `YYYY-MM-DDTHH:MM:SS` followed by `Z` or
    /// `±HH:MM` (fractions of a second are accepted and dropped).
    public static func parse(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        func byte(_ index: Int, is character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue!
        }
        guard let year = number(0, 4), byte(4, is: "-"), let month = number(5, 2), byte(7, is: "-"), let day = number(8, 2),
              byte(10, is: "T") || byte(10, is: "t"), let hour = number(11, 2), byte(13, is: ":"), let minute = number(14, 2),
              byte(16, is: ":"), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        var offset = 0
        if byte(index, is: "Z") || byte(index, is: "z") {
            index += 1
        } else if byte(index, is: "+") || byte(index, is: "-"), let hours = number(index + 1, 2), byte(index + 3, is: ":"),
                  let minutes = number(index + 4, 2), hours < 24, minutes < 60 {
            offset = (hours * 3600 + minutes * 60) * (byte(index, is: "-") ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Double(timegm(&parts) - offset)
    }
}
