import Foundation
import TriscaleCore

extension DatasetConfiguration {
  /// The dataset kind the files in `directory` are, for `--data-dir` given
  /// without `--dataset`: `cifar10` when it holds a CIFAR-10 batch
  /// (`data_batch_1.bin` or `test_batch.bin`), `idx` when it holds an MNIST
  /// image file (`train-images-idx3-ubyte` or `t10k-images-idx3-ubyte`),
  /// `folder` when it holds subfolders and neither of those. Only the
  /// directory's listing is looked at; the readers check the files.
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` naming
  ///   `--data-dir` and `--dataset` when `directory` is not a directory, or
  ///   its contents match no kind or more than one.
  public static func inferredKind(directory: String) throws -> String {
    func refuse(_ problem: String) -> TriscaleError {
      .invalidArgument(
        name: "--data-dir", problem: "\(directory) \(problem), so --dataset cannot be inferred",
        fix: "Pass --dataset cifar10, idx or folder with --data-dir")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw refuse("is not a directory") }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      throw refuse("cannot be listed")
    }
    let present = Set(names)
    var kinds: [String] = []
    if !present.isDisjoint(with: ["data_batch_1.bin", "test_batch.bin"]) {
      kinds.append("cifar10")
    }
    if !present.isDisjoint(with: ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte"]) {
      kinds.append("idx")
    }
    if kinds.isEmpty,
      names.contains(where: { name in
        var isFolder: ObjCBool = false
        return !name.hasPrefix(".")
          && FileManager.default.fileExists(
            atPath: directory + "/" + name, isDirectory: &isFolder)
          && isFolder.boolValue
      })
    {
      kinds.append("folder")
    }
    guard kinds.count == 1 else {
      throw refuse(
        kinds.isEmpty
          ? "holds no CIFAR-10 batches (data_batch_1.bin), IDX files (train-images-idx3-ubyte) or class folders"
          : "holds both CIFAR-10 batches and IDX files")
    }
    return kinds[0]
  }

  /// `mapping` (a pipeline stage's keys) with `dataset` filled in by
  /// ``inferredKind(directory:)`` when it gives `data-dir` but no `dataset`.
  public static func inferringKind(in mapping: [String: Any]) throws -> [String: Any] {
    let kindKey = CodingKeys.kind.stringValue
    guard mapping[kindKey] == nil, let directory = mapping[CodingKeys.directory.stringValue]
    else { return mapping }
    var completed = mapping
    completed[kindKey] = try inferredKind(directory: "\(directory)")
    return completed
  }
}
