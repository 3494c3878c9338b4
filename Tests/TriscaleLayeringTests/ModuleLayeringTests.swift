import Foundation
import Testing

/// The "must not import" column of the design notes' module table (each
/// module's README.md repeats its row), checked on
/// the manifest's target graph (transitively: what a module links) and on
/// every `import` in its sources.
@Suite("Module layering")
struct ModuleLayeringTests {
  /// What each module must not reach, directly or through another module.
  static let forbidden: [String: Set<String>] = [
    "TriscaleGraph": ["TriscaleEngine", "TriscaleTrain", "CMPI", "CDNNL"],
    "TriscaleEngine": ["TriscaleTrain"],
    "TriscaleData": ["TriscaleEngine"],
    "TriscaleTrain": ["TriscaleOptimize", "TriscaleDeploy"],
    "TriscaleOptimize": ["TriscalePipeline", "TriscaleServe", "TriscaleCLI"],
    "TriscaleDeploy": [
      "TriscaleTrain", "TriscaleOptimize", "TriscaleEngine", "CMPI", "CDNNL",
    ],
    "TriscaleAnalysis": ["TriscaleTrain"],
    "TriscaleServe": [
      "TriscaleTrain", "CMPI", "TriscaleOptimize", "TriscalePipeline", "TriscaleCLI",
    ],
    "TriscaleArtifact": [
      "TriscaleTrain", "TriscaleOptimize", "TriscalePipeline", "TriscaleServe", "TriscaleCLI",
      "CMPI",
    ],
  ]

  @Test(
    "TriscaleDeploy links only Core, Graph and the int8 preparation: no MPI, oneDNN, engine or trainer"
  )
  func deployDependencies() throws {
    let manifest = try PackageManifest.load()
    #expect(
      manifest.transitiveDependencies(of: "TriscaleDeploy") == [
        "TriscaleCore", "TriscaleGraph", "TriscaleInt8", "CTriscaleKernels",
      ])
  }

  @Test("TriscaleDeploy's only package product is Yams (the device profiles' YAML)")
  func deployProducts() throws {
    let manifest = try PackageManifest.load()
    let products = manifest.target("TriscaleDeploy")?.dependencies.filter(\.isProduct).map(\.name)
    #expect(products == ["Yams"])
  }

  @Test("TriscaleCore depends on no other module")
  func coreStandsAlone() throws {
    let manifest = try PackageManifest.load()
    #expect(manifest.transitiveDependencies(of: "TriscaleCore").isEmpty)
  }

  @Test("no module reaches what the design table forbids it", arguments: forbidden.keys.sorted())
  func forbiddenDependencies(module: String) throws {
    let manifest = try PackageManifest.load()
    #expect(manifest.target(module) != nil, "\(module) is not in Package.swift")
    let reached = manifest.transitiveDependencies(of: module)
    #expect(reached.isDisjoint(with: Self.forbidden[module]!), "\(module) reaches \(reached)")
  }

  @Test("every source file imports only package modules its target declares")
  func importsMatchDeclarations() throws {
    let manifest = try PackageManifest.load()
    let packageTargets = Set(manifest.targets.map(\.name))
    for target in manifest.targets where target.type == "regular" || target.type == "executable" {
      let declared = Set(target.dependencies.map(\.name))
      let folder = PackageManifest.root.appendingPathComponent(
        target.path ?? "Sources/\(target.name)")
      for file in try Self.swiftFiles(in: folder) {
        let text = try String(contentsOf: file, encoding: .utf8)
        for module in Self.importedModules(in: text)
        where packageTargets.contains(module) && !declared.contains(module) {
          Issue.record(
            "\(file.lastPathComponent) imports \(module), which \(target.name) does not declare")
        }
      }
    }
  }

  /// The Swift files below `folder`.
  static func swiftFiles(in folder: URL) throws -> [URL] {
    let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
    return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
  }

  /// The modules `source` imports (`import X`, `@testable import X`,
  /// `public import X`, `import struct X.Y`, ...).
  static func importedModules(in source: String) -> [String] {
    let pattern =
      #/^\s*(?:@\w+\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:struct|class|enum|protocol|func|typealias|var|let)\s+)?(\w+)/#
    return source.split(separator: "\n").compactMap { line in
      (try? pattern.firstMatch(in: line)).flatMap { $0.map { String($0.1) } }
    }
  }
}
