import Foundation

/// The package's targets and the dependencies each declares, as
/// `swift package dump-package` reports them.
///
/// The manifest is dumped from a copy of Package.swift in a temporary
/// folder, so the dump neither waits for the lock that `swift test` holds on
/// `.build` nor resolves the remote packages.
struct PackageManifest: Decodable {
  /// One target of the manifest.
  struct Target: Decodable {
    /// The target's name.
    var name: String
    /// "regular", "executable", "system", "test", ...
    var type: String
    /// Its source folder when the manifest names one.
    var path: String?
    /// The targets and products it depends on, by name.
    var dependencies: [Dependency]
  }

  /// A dependency of a target: a target (`byName`, `target`) or a product.
  struct Dependency: Decodable {
    /// The target's or product's name.
    var name: String
    /// Whether it names a product of another package.
    var isProduct: Bool

    private enum CodingKeys: String, CodingKey { case byName, target, product }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      guard let key = container.allKeys.first else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: "an empty dependency"))
      }
      var fields = try container.nestedUnkeyedContainer(forKey: key)
      name = try fields.decode(String.self)
      isProduct = key == .product
    }
  }

  /// Every target, in manifest order.
  var targets: [Target]

  /// The repository root (this file is Tests/TriscaleLayeringTests/PackageManifest.swift).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// Dumps and decodes the root Package.swift.
  static func load() throws -> PackageManifest {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "triscale-manifest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.copyItem(
      at: root.appendingPathComponent("Package.swift"),
      to: folder.appendingPathComponent("Package.swift"))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "package", "--package-path", folder.path, "dump-package"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CocoaError(
        .executableLoad,
        userInfo: [NSLocalizedDescriptionKey: "swift package dump-package failed"])
    }
    return try JSONDecoder().decode(PackageManifest.self, from: data)
  }

  /// The target called `name`.
  func target(_ name: String) -> Target? { targets.first { $0.name == name } }

  /// Every target `name` depends on, directly or through other targets.
  func transitiveDependencies(of name: String) -> Set<String> {
    var found: Set<String> = []
    var pending = [name]
    while let next = pending.popLast() {
      for dependency in target(next)?.dependencies ?? [] where !dependency.isProduct {
        if found.insert(dependency.name).inserted { pending.append(dependency.name) }
      }
    }
    return found
  }
}
