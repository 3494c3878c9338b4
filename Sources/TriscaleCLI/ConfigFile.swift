import Foundation
import TriscaleCore
import Yams

/// Expands `--config FILE.yaml` into command-line flags: each key `name: value`
/// becomes `--name value` (booleans become `--name` / `--no-name`), inserted
/// before the user's own flags so those win.
enum ConfigFile {
  static func expand(_ arguments: [String]) throws -> [String] {
    guard let position = arguments.firstIndex(of: "--config") else { return arguments }
    guard position + 1 < arguments.count else {
      throw TriscaleError.invalidArgument(name: "--config", problem: "no file given", fix: "Pass --config FILE.yaml")
    }
    let path = arguments[position + 1]
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw TriscaleError.invalidFile(path: path, problem: "cannot read the config file", fix: "Check the path")
    }
    let parsed: Any?
    do { parsed = try Yams.load(yaml: text) } catch {
      throw TriscaleError.invalidFile(path: path, problem: "not valid YAML (\(error))", fix: "Fix the YAML syntax")
    }
    guard let mapping = parsed as? [String: Any] else {
      throw TriscaleError.invalidFile(
        path: path, problem: "the top level is not a mapping of flag names to values",
        fix: "Write one `flag-name: value` per line")
    }
    var flags: [String] = []
    for key in mapping.keys.sorted() {
      switch mapping[key] {
      case let flag as Bool: flags.append(flag ? "--\(key)" : "--no-\(key)")
      case let list as [Any]: flags += list.flatMap { ["--\(key)", "\($0)"] }
      case let value?: flags += ["--\(key)", "\(value)"]
      case nil: continue
      }
    }
    var remaining = arguments
    remaining.removeSubrange(position...(position + 1))
    let commandEnd = remaining.firstIndex { $0.hasPrefix("-") } ?? remaining.count
    remaining.insert(contentsOf: flags, at: commandEnd)
    return remaining
  }
}
