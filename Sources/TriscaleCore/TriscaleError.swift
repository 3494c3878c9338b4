/// An error Triscale reports to its user: what was wrong, where, and what to do.
///
/// Every case renders as one line (``description``) so the command-line tool can
/// print it and exit non-zero without a stack trace.
public enum TriscaleError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A file could not be read or has the wrong structure.
  case invalidFile(path: String, problem: String, fix: String)
  /// A value given by the user (flag, config key, argument) is not acceptable.
  case invalidArgument(name: String, problem: String, fix: String)
  /// A model, layer or graph is not well formed.
  case invalidModel(problem: String, fix: String)
  /// A numeric backend (oneDNN, MPI) refused an operation.
  case backend(operation: String, status: String)
  /// Training diverged or produced non-finite numbers.
  case numerical(problem: String, fix: String)

  /// The one-line message the CLI prints: what was wrong and, except for backend
  /// errors, the fix.
  public var description: String {
    switch self {
    case .invalidFile(let path, let problem, let fix):
      return "\(path): \(problem). \(fix)"
    case .invalidArgument(let name, let problem, let fix):
      return "invalid \(name): \(problem). \(fix)"
    case .invalidModel(let problem, let fix):
      return "invalid model: \(problem). \(fix)"
    case .backend(let operation, let status):
      return "backend error in \(operation): \(status)"
    case .numerical(let problem, let fix):
      return "numerical problem: \(problem). \(fix)"
    }
  }
}
