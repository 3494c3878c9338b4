import Foundation
import TriscaleAnalysis
import TriscaleCore

/// Reads a user's scenario from YAML, with the keys of ``Scenario``:
///
/// ```yaml
/// name: doorbell-camera
/// description: a battery doorbell that classifies a frame per press
/// device: stm32h7a3
/// objective: accuracy            # accuracy | energy | latency | size | battery-life
/// constraints:
///   max-latency-ms: 200
///   max-size-kb: 512
/// workload: { inferences-per-hour: 20, battery-mwh: 10000, sleep-power-mw: 0.1 }
/// ```
///
/// Unknown keys, non-numbers and negative or non-finite figures are refused with the key named.
public enum ScenarioFile {
  /// The scenario in the file at `path`.
  public static func read(path: String) throws -> Scenario {
    let text = try BoundedYAML.readText(
      path: path, what: "scenario file", fix: "Check the path (docs/analysis.md has an example)")
    return try decode(text, path: path)
  }

  /// The scenario in YAML `text`; `path` names it in errors.
  public static func decode(_ text: String, path: String) throws -> Scenario {
    func fail(_ problem: String, _ fix: String) -> TriscaleError {
      .invalidFile(path: path, problem: problem, fix: fix)
    }
    guard let root = try BoundedYAML.load(text, path: path) as? [String: Any] else {
      throw fail("the top level is not a mapping", "Write name:, device:, objective:, constraints:")
    }
    try checkKeys(root, allowed: topLevelKeys, at: "", fail: fail)
    let nested: [(String, [String])] = [
      ("constraints", Scenario.Constraints.CodingKeys.allCases.map(\.stringValue)),
      ("workload", Scenario.Workload.CodingKeys.allCases.map(\.stringValue)),
      ("offload", Scenario.Offload.CodingKeys.allCases.map(\.stringValue)),
    ]
    for (key, allowed) in nested {
      guard let value = root[key] else { continue }
      guard let mapping = value as? [String: Any] else {
        throw fail(
          "'\(key)' is not a mapping", "Give \(key): its keys (\(allowed.joined(separator: ", ")))")
      }
      try checkKeys(mapping, allowed: allowed, at: key + ".", fail: fail)
      for (name, number) in mapping where name != "source" && name != "profile" {
        guard let number = number as? Double ?? (number as? Int).map(Double.init), number.isFinite,
          number >= 0
        else {
          throw fail(
            "'\(key).\(name)' is \(number), not a non-negative number", "Give a number such as 30")
        }
      }
    }
    let scenario: Scenario
    do {
      let data = try JSONSerialization.data(withJSONObject: root)
      scenario = try JSONDecoder().decode(Scenario.self, from: data)
    } catch let error as DecodingError {
      throw fail(
        "it does not read as a scenario: \(DecodingProblem(error, in: root).description)",
        "Give name, description, device, objective (\(Scenario.Objective.allCases.map(\.rawValue).joined(separator: ", "))) and constraints"
      )
    }
    return scenario
  }

  /// The built-in scenario called `name`, or the scenario in the file `name`.
  public static func named(_ name: String) throws -> Scenario {
    if let builtIn = Scenario.builtIn.first(where: { $0.name == name }) { return builtIn }
    guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else {
      throw TriscaleError.invalidArgument(
        name: "scenario", problem: "'\(name)' is neither a built-in scenario nor a .yaml file",
        fix: "Use one of \(Scenario.builtIn.map(\.name).joined(separator: ", ")) or a scenario file"
      )
    }
    return try read(path: name)
  }

  private static let topLevelKeys = [
    "name", "description", "device", "objective", "constraints", "workload", "offload", "cascade",
  ]

  private static func checkKeys(
    _ mapping: [String: Any], allowed: [String], at prefix: String,
    fail: (String, String) -> TriscaleError
  ) throws {
    for key in mapping.keys.sorted() where !allowed.contains(key) {
      throw fail("unknown key '\(prefix)\(key)'", "Use \(allowed.joined(separator: ", "))")
    }
  }
}
