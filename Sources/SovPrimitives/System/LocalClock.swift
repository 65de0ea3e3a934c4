/// Times of day in the machine's time zone, as `strftime` writes them (Foundation's `DateFormatter` without ICU).
public enum LocalClock {
    /// `HH:mm:ss` of `secondsSince1970` in local time.
    public static func timeOfDay(secondsSince1970: Double) -> String {
        InternetTime.render(secondsSince1970: secondsSince1970, format: "%H:%M:%S", local: true)
    }
}
