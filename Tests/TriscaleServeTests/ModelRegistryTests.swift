import Foundation
import Testing
import TriscaleCore

@testable import TriscaleServe

/// The registry: versions numbered in order, files stored once, aliases that
/// promote and roll back as a stack, a history of every move, names checked.
@Suite("Model registry")
struct ModelRegistryTests {
  @Test func versionsAreNumberedAndEachFileIsStoredOnce() throws {
    let registry = try ServeFixtures.registry(versions: 2)
    let again = try registry.register(try ServeFixtures.model(seed: 1), as: "m", actor: "t")
    #expect(again.number == 3)
    let model = try registry.show("m")
    #expect(model.versions.map(\.number) == [1, 2, 3])
    #expect(model.versions[0].artifact == model.versions[2].artifact)
    let objects = try FileManager.default.contentsOfDirectory(atPath: registry.root + "/objects")
    #expect(objects.count == 2)
    #expect(try registry.resolve("m", .latest).number == 3)
    #expect(try registry.check().isEmpty)
  }

  @Test func rollbackPopsThePromotionStackAndEveryMoveIsInTheHistory() throws {
    let registry = try ServeFixtures.registry(versions: 3)
    try registry.promote(model: "m", alias: "production", to: 1, actor: "ana", reason: "first")
    try registry.promote(model: "m", alias: "production", to: 2, actor: "ana", reason: "better")
    try registry.promote(model: "m", alias: "production", to: 3, actor: "bo", reason: "best")
    let back = try registry.rollback(model: "m", alias: "production", actor: "bo", reason: "p99")
    #expect((back.from, back.to, back.kind) == (3, 2, .rollback))
    #expect(try registry.rollback(model: "m", alias: "production", actor: "bo", reason: "").to == 1)
    #expect(throws: TriscaleError.self) {
      try registry.rollback(model: "m", alias: "production", actor: "bo", reason: "")
    }
    #expect(try registry.resolve("m", .alias("production")).number == 1)
    let moves = try registry.history(of: "m").filter { $0.kind != .register }
    #expect(moves.map(\.to) == [1, 2, 3, 2, 1])
    #expect(moves.map(\.actor) == ["ana", "ana", "bo", "bo", "bo"])
    #expect(moves[1].reason == "better")
    #expect(try registry.generation() == 8)
  }

  @Test func unknownNamesVersionsAndBadNamesAreRefusedWithTheFix() throws {
    let registry = try ServeFixtures.registry(versions: 1)
    for bad in ["", "../x", "a/b", "-x", String(repeating: "a", count: 65), "é"] {
      #expect(throws: TriscaleError.self) {
        try registry.register(try ServeFixtures.model(seed: 1), as: bad, actor: "t")
      }
    }
    let error = #expect(throws: TriscaleError.self) {
      try registry.promote(model: "m", alias: "production", to: 7, actor: "t", reason: "")
    }
    #expect(error?.description.contains("versions are 1–1") == true)
    #expect(throws: TriscaleError.self) { try registry.resolve("nope", .latest) }
    #expect(throws: TriscaleError.self) { try registry.resolve("m", .alias("staging")) }
    #expect(try registry.history().count == 1, "refused changes leave no trace")
  }

  @Test func twoRegistriesOnOneFolderInterleaveWithoutLosingAWrite() async throws {
    let root = try ServeFixtures.folder() + "/registry"
    let model = try ServeFixtures.model(seed: 1)
    _ = try ModelRegistry(root: root)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for writer in 0..<2 {
        group.addTask {
          let registry = try ModelRegistry(root: root)
          for _ in 0..<15 {
            let version = try registry.register(model, as: "m", actor: "w\(writer)")
            try registry.promote(
              model: "m", alias: "staging", to: version.number, actor: "w\(writer)", reason: "")
          }
        }
      }
      try await group.waitForAll()
    }
    let registry = try ModelRegistry(root: root)
    #expect(try registry.show("m").versions.map(\.number) == Array(1...30))
    #expect(try registry.history().count == 60)
    #expect(try registry.check().isEmpty)
  }
}
