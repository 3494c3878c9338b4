import Foundation
import Yams

/// The device profiles Triscale ships, lookup by id, and user profiles
/// loaded from YAML.
///
/// The built-in profiles are the YAML files of
/// `Sources/TriscaleDeploy/Devices/Profiles`, embedded in the binary at build
/// time by the `EmbedReferenceKernels` plugin (``DeviceProfileSources``), so
/// they are there whatever the working directory and with no resource bundle.
/// A user copies one of those files, edits it, and loads it with ``load(path:)``.
public enum DeviceProfiles {
  /// Every built-in profile, in file-name order.
  public static let builtIn: [DeviceProfile] = DeviceProfileSources.files.keys.sorted().map {
    name in
    do {
      return try decode(yaml: DeviceProfileSources.files[name]!, path: "built-in \(name)")
    } catch {
      preconditionFailure("\(error)")  // The shipped files are checked by the tests.
    }
  }

  /// The ids of the built-in profiles.
  public static var ids: [String] { builtIn.map(\.id) }

  /// The profile with `id` among `extra` (user profiles first) and the built-in ones.
  ///
  /// - Throws: ``DeviceProfileError/unknownProfile(id:known:)`` listing the known ids.
  public static func profile(id: String, extra: [DeviceProfile] = []) throws -> DeviceProfile {
    guard let found = (extra + builtIn).first(where: { $0.id == id }) else {
      throw DeviceProfileError.unknownProfile(id: id, known: (extra + builtIn).map(\.id))
    }
    return found
  }

  /// The profile in the YAML file at `path`, validated.
  ///
  /// - Throws: ``DeviceProfileError/invalidFile(path:key:problem:fix:)`` naming
  ///   the file, the key and the fix.
  public static func load(path: String) throws -> DeviceProfile {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw DeviceProfileError.invalidFile(
        path: path, key: "(file)", problem: "cannot be read as UTF-8 text",
        fix: "Check the path; copy a built-in profile from Sources/TriscaleDeploy/Devices/Profiles")
    }
    return try decode(yaml: text, path: path)
  }

  /// The profile in `yaml` (named `path` in errors), validated.
  public static func decode(yaml: String, path: String) throws -> DeviceProfile {
    let profile: DeviceProfile
    do {
      profile = try YAMLDecoder().decode(DeviceProfile.self, from: yaml)
    } catch let error as DecodingError {
      throw invalidFile(path: path, error)
    } catch {
      throw DeviceProfileError.invalidFile(
        path: path, key: "(document)", problem: "is not valid YAML (\(error))",
        fix: "Fix the syntax; compare with a built-in profile")
    }
    try validate(profile, path: path)
    return profile
  }

  /// `error` as a one-line file error naming the key.
  private static func invalidFile(path: String, _ error: DecodingError) -> DeviceProfileError {
    func key(_ path: [any CodingKey]) -> String {
      path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let missing, let context):
      return .invalidFile(
        path: path, key: key(context.codingPath + [missing]), problem: "is missing",
        fix: "Add it, with a value and a source, as in the built-in profiles")
    case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
      return .invalidFile(
        path: path, key: key(context.codingPath), problem: "is not a \(type)",
        fix: "Give a \(type) there (\(context.debugDescription))")
    case .dataCorrupted(let context):
      return .invalidFile(
        path: path, key: key(context.codingPath), problem: "has an invalid value",
        fix: context.debugDescription)
    @unknown default:
      return .invalidFile(
        path: path, key: "(document)", problem: "cannot be decoded", fix: "\(error)")
    }
  }

  /// Checks the version, the id, that every number is finite and positive
  /// with a source, and that the compute model is complete for the tier.
  static func validate(_ profile: DeviceProfile, path: String) throws {
    func fail(_ key: String, _ problem: String, _ fix: String) -> DeviceProfileError {
      .invalidFile(path: path, key: key, problem: problem, fix: fix)
    }
    guard profile.formatVersion == DeviceProfile.formatVersion else {
      throw fail(
        "format-version", "is \(profile.formatVersion)",
        "This Triscale reads version \(DeviceProfile.formatVersion)")
    }
    guard !profile.id.isEmpty, profile.id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" })
    else {
      throw fail("id", "is '\(profile.id)'", "Use lower-case letters, digits and '-'")
    }
    for (key, figure) in numbers(of: profile) {
      guard figure.value.isFinite, figure.value > 0 else {
        throw fail(key + ".value", "is \(figure.value)", "Give a finite, positive number")
      }
      guard !figure.source.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw fail(key + ".source", "is empty", "Cite where the number comes from")
      }
    }
    let compute = profile.compute
    if profile.tier == .microcontroller {
      let missing = [
        ("compute.mcu-core", compute.mcuCore == nil),
        ("compute.cycles-per-instruction", compute.cyclesPerInstruction == nil),
        ("clock-hertz", profile.clockHertz == nil), ("flash-bytes", profile.flashBytes == nil),
      ].first { $0.1 }
      if let (key, _) = missing {
        throw fail(
          key, "is missing",
          "A microcontroller profile needs mcu-core, cycles-per-instruction, clock-hertz and flash-bytes (see docs/devices.md)"
        )
      }
    }
    if !compute.hostMeasured, compute.cyclesPerInstruction == nil, compute.macsPerSecond.isEmpty {
      throw fail(
        "compute", "states no latency model",
        "Give macs-per-second per precision, cycles-per-instruction with mcu-core, or host-measured: true"
      )
    }
  }

  /// Every sourced number of `profile`, by its YAML key.
  static func numbers(of profile: DeviceProfile) -> [(String, Sourced<Double>)] {
    func double(_ figure: Sourced<Int>) -> Sourced<Double> {
      Sourced(Double(figure.value), source: figure.source)
    }
    var numbers: [(String, Sourced<Double>)] = [("ram-bytes", double(profile.ramBytes))]
    if let clock = profile.clockHertz { numbers.append(("clock-hertz", clock)) }
    if let flash = profile.flashBytes { numbers.append(("flash-bytes", double(flash))) }
    if let cycles = profile.compute.cyclesPerInstruction {
      numbers.append(("compute.cycles-per-instruction", cycles))
    }
    for (precision, rate) in profile.compute.macsPerSecond.sorted(by: {
      $0.key.rawValue < $1.key.rawValue
    }) {
      numbers.append(("compute.macs-per-second.\(precision.rawValue)", rate))
    }
    if let active = profile.activeWatts { numbers.append(("active-watts", active)) }
    if let idle = profile.idleWatts { numbers.append(("idle-watts", idle)) }
    for (index, result) in profile.published.enumerated() {
      numbers.append(("published[\(index)].latency-seconds", result.latencySeconds))
      if let energy = result.energyJoules {
        numbers.append(("published[\(index)].energy-joules", energy))
      }
    }
    return numbers
  }
}
