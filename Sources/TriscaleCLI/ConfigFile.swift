import Foundation
import TriscaleCore
import TriscalePipeline

/// Prepares the raw command line: expands `--config FILE.yaml` into flags
/// (each key `name: value` becomes `--name value`; booleans `--name` or
/// `--no-name`), inserted before the user's own flags so those win, and joins
/// a flag with a negative number after it (`--epochs -3` → `--epochs=-3`) so
/// the value reaches validation instead of being read as a flag.
///
/// The file is read under ``BoundedYAML``'s limits. One `--config` at most; a
/// key must be a flag name, and not one that only prints (`help`, `version`).
struct ConfigFile {
  /// Keys refused because as flags they would print and exit 0 instead of running
  /// the command, or name the config file itself.
  static let reservedKeys: Set<String> = [
    "help", "version", "config", "generate-completion-script", "experimental-dump-help",
  ]

  /// The arguments to parse.
  var arguments: [String]
  /// The config file's path and its keys that no flag on the command line
  /// overrides, when one was given.
  var source: (path: String, keys: Set<String>)?

  init(expanding raw: [String]) throws {
    var arguments = ConfigFile.joinNegativeValues(raw)
    let given = arguments.indices.filter {
      arguments[$0] == "--config" || arguments[$0].hasPrefix("--config=")
    }
    guard let position = given.first else {
      self.arguments = arguments
      return
    }
    guard given.count == 1 else {
      throw TriscaleError.invalidArgument(
        name: "--config", problem: "given \(given.count) times",
        fix: "Pass one --config FILE.yaml; override its keys with flags")
    }
    let path: String
    if arguments[position].hasPrefix("--config=") {
      path = String(arguments[position].dropFirst("--config=".count))
      arguments.remove(at: position)
    } else {
      guard position + 1 < arguments.count else {
        throw TriscaleError.invalidArgument(
          name: "--config", problem: "no file given", fix: "Pass --config FILE.yaml")
      }
      path = arguments[position + 1]
      arguments.removeSubrange(position...(position + 1))
    }
    let mapping = try ConfigFile.read(path)
    try ConfigFile.checkKeys(of: mapping, path: path)
    let flags = try mapping.sorted { $0.key < $1.key }.flatMap {
      try ConfigFile.flags(key: $0.key, value: $0.value, path: path)
    }
    let userFlags = Set(arguments.filter { $0.hasPrefix("--") }.map(ConfigFile.flagName))
    let commandEnd = arguments.firstIndex { $0.hasPrefix("-") } ?? arguments.count
    arguments.insert(contentsOf: flags, at: commandEnd)
    self.arguments = arguments
    source = (path, Set(mapping.keys).subtracting(userFlags))
  }

  /// The flags one key stands for; a mapping, a nested list or no value is refused.
  private static func flags(key: String, value: Any, path: String) throws -> [String] {
    func refuse(_ found: String) -> TriscaleError {
      .invalidFile(
        path: path, problem: "key '\(key)' expects a value or a list of values, found \(found)",
        fix: "Write `\(key): VALUE` or `\(key): [A, B]`")
    }
    switch value {
    case let flag as Bool: return [flag ? "--\(key)" : "--no-\(key)"]
    case is NSNull: throw refuse("no value")
    case is [AnyHashable: Any]: throw refuse("a mapping")
    case let list as [Any]:
      return try list.map {
        guard !($0 is [Any] || $0 is [AnyHashable: Any] || $0 is NSNull) else {
          throw refuse("a list holding a list, a mapping or an empty item")
        }
        return "--\(key)=\($0)"
      }
    default: return ["--\(key)=\(value)"]
    }
  }

  /// The name of the flag `argument` gives (`--epochs=3` → `epochs`).
  private static func flagName(_ argument: String) -> String {
    String(argument.dropFirst(2).prefix { $0 != "=" })
  }

  private static func read(_ path: String) throws -> [String: Any] {
    let text = try BoundedYAML.readText(path: path, what: "config file", fix: "Check the path")
    guard let mapping = try BoundedYAML.load(text, path: path) as? [String: Any] else {
      throw TriscaleError.invalidFile(
        path: path, problem: "the top level is not a mapping of flag names to values",
        fix: "Write one `flag-name: value` per line")
    }
    return mapping
  }

  /// Refuses a key that is not written as a flag name, or is one of ``reservedKeys``.
  private static func checkKeys(of mapping: [String: Any], path: String) throws {
    for key in mapping.keys.sorted() {
      if reservedKeys.contains(key) {
        throw TriscaleError.invalidFile(
          path: path, problem: "key '\(key)' is not a setting of the command",
          fix:
            "Remove it; a config file holds the command's settings, and --help and --version belong on the command line"
        )
      }
      guard key.range(of: #"^[A-Za-z0-9][A-Za-z0-9-]*$"#, options: .regularExpression) != nil
      else {
        throw TriscaleError.invalidFile(
          path: path, problem: "key '\(key)' is not a flag name",
          fix: "Use a flag's long name without `--` (letters, digits and '-')")
      }
    }
  }

  private static func joinNegativeValues(_ arguments: [String]) -> [String] {
    var joined: [String] = []
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      if argument.hasPrefix("--"), !argument.contains("="), index + 1 < arguments.count,
        Double(arguments[index + 1]) != nil, arguments[index + 1].hasPrefix("-")
      {
        joined.append(argument + "=" + arguments[index + 1])
        index += 2
      } else {
        joined.append(argument)
        index += 1
      }
    }
    return joined
  }

  /// A one-line message for a failure caused by a config key: one that is
  /// not a flag of the command, whose value the flag does not accept, or
  /// whose value is out of range (`invalid --epochs: …`, a ``TriscaleError``).
  /// Nil when the failure is not about a key of the file.
  func keyMessage(for message: String) -> String? {
    guard let source else { return nil }
    if message.hasPrefix("invalid --"), let colon = message.firstIndex(of: ":") {
      let key = String(message[message.index(message.startIndex, offsetBy: 10)..<colon])
      guard source.keys.contains(key) else { return nil }
      return "\(source.path): key '\(key)'\(message[colon...])"
    }
    guard let range = message.range(of: "'--") else { return nil }
    let rest = message[range.upperBound...]
    let flag = String(rest.prefix { $0 != "'" && $0 != "=" && $0 != " " })
    let key =
      flag.hasPrefix("no-") && !source.keys.contains(flag) ? String(flag.dropFirst(3)) : flag
    guard source.keys.contains(key) else { return nil }
    if message.contains("Unknown option '--") {
      return
        "\(source.path): key '\(key)' is not a flag of this command. Remove it, or see the command's --help"
    }
    let detail = message.trimmingCharacters(in: .whitespacesAndNewlines.union(["."]))
    return
      "\(source.path): key '\(key)' has a value its flag does not accept (\(detail)). Fix the value; the command's --help says what each flag takes"
  }
}
