import Foundation
import Testing

extension SharedData {
    /// Whether `../shared` is there.
    public static var present: Bool { FileManager.default.fileExists(atPath: root.path) }

    /// Whether this is a CI run (`CI=true`), where missing ground truth is a failure, not a reason to skip.
    public static var underCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}

extension Trait where Self == ConditionTrait {
    /// For suites that read `../shared`. Without it the suite is disabled with this reason shown, except
    /// under CI (`CI=true`), where it runs and fails on the first missing file: CI never passes vacuously.
    public static var needsSharedData: Self {
        .enabled(if: SharedData.present || SharedData.underCI,
                 "../shared (the ground truth recorded from Bitcoin Core) not found beside the repository")
    }
}
