import SovTestSupport

/// This target reads ../shared through the shared test support.
typealias Fixtures = SharedData
