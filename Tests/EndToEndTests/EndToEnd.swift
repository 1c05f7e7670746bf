import Testing

/// The parent of every end-to-end suite, which run one test at a time: each test starts a whole
/// cluster (or several processes), and clusters booting side by side on a 2-CPU machine starve
/// the in-process suites that share the test process.
@Suite(.serialized)
enum EndToEnd {}
