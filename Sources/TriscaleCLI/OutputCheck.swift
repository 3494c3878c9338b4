import TriscaleCore

/// Refuses, before any work starts, an output path that would replace a
/// file the command reads (or writes under another flag) or a file that is
/// not a regular file; `others` pairs each flag with its path, nil when the
/// flag was not given.
func checkOutput(_ path: String, flag: String = "--output", others: [(String, String?)]) throws {
  try OutputPath.check(
    path, flag: flag, others: others.compactMap { flag, path in path.map { .init(flag, $0) } })
}
