import Foundation
import TriscaleCore

/// The layout of a folder-of-images dataset: its classes and which image
/// files make up each split. Nothing is decoded here.
///
/// Each class is a subfolder whose name is the class name; classes sort by
/// name and are labelled 0, 1, ... in that order. Images are the `.png`,
/// `.jpg` and `.jpeg` files (any case) anywhere inside a class folder;
/// hidden files and other files are skipped.
///
/// The split: when the folder holds both `train/` and `test/`, the classes
/// are the subfolders of `train/` and `test/` holds the same class names
/// (a class may be missing there). Otherwise each class keeps
/// `testFraction` of its images (rounded, at least one image left for
/// training) for the test split, chosen by a stable hash of the file name,
/// so the choice is the same on every run and machine.
struct ImageFolder {
  /// The image file extensions read, lowercase.
  static let extensions: Set<String> = ["png", "jpg", "jpeg"]
  /// The most classes a dataset can have (labels are bytes).
  static let maximumClasses = 256

  /// The dataset folder.
  let directory: String
  /// The class names, index = label.
  let classNames: [String]
  /// Every image of each split with its label, in a deterministic shuffled
  /// order (so `--train-limit` keeps a sample of every class).
  let files: [Split: [(path: String, label: Int)]]

  /// Lists `directory`.
  ///
  /// - Throws: ``TriscaleError/invalidFile(path:problem:fix:)`` for a
  ///   missing folder, no class folders (or only one), more than 256, an
  ///   empty class folder, or one with no PNG or JPEG images.
  init(directory: String, testFraction: Double) throws {
    self.directory = directory
    try BinaryFile.requireDirectory(
      directory, fix: "Pass the folder holding one subfolder of images per class")
    let top = try ImageFolder.subfolders(of: directory)
    var files: [Split: [(path: String, label: Int)]] = [.train: [], .test: []]
    let classNames: [String]
    if top.contains("train"), top.contains("test") {
      let trainRoot = directory + "/train"
      let testRoot = directory + "/test"
      classNames = try ImageFolder.classes(in: trainRoot)
      let testClasses = try ImageFolder.subfolders(of: testRoot)
      if let stray = testClasses.first(where: { !classNames.contains($0) }) {
        throw TriscaleError.invalidFile(
          path: testRoot + "/" + stray, problem: "is a class folder with no match in train/",
          fix:
            "Give train/ and test/ the same class folders (\(classNames.joined(separator: ", ")))")
      }
      for (label, name) in classNames.enumerated() {
        files[.train]! += try ImageFolder.images(in: trainRoot + "/" + name).map { ($0, label) }
        if testClasses.contains(name) {
          files[.test]! += try ImageFolder.images(in: testRoot + "/" + name).map { ($0, label) }
        }
      }
    } else {
      classNames = try ImageFolder.classes(in: directory)
      for (label, name) in classNames.enumerated() {
        let images = try ImageFolder.images(in: directory + "/" + name)
          .sorted { ImageFolder.order($0, $1) }
        let held = min(Int((Double(images.count) * testFraction).rounded()), images.count - 1)
        files[.test]! += images.prefix(held).map { ($0, label) }
        files[.train]! += images.dropFirst(held).map { ($0, label) }
      }
    }
    self.classNames = classNames
    self.files = files.mapValues { $0.sorted { ImageFolder.order($0.path, $1.path) } }
  }

  /// Every image file of both splits, sorted by path.
  var allPaths: [String] {
    (files[.train]! + files[.test]!).map(\.path).sorted()
  }

  /// A stable pseudo-random order: by the hash of the file's name, then its path.
  private static func order(_ first: String, _ second: String) -> Bool {
    let (a, b) = (StableHash.of(baseName(first)), StableHash.of(baseName(second)))
    return a != b ? a < b : first < second
  }

  private static func baseName(_ path: String) -> String {
    String(path.split(separator: "/").last ?? "")
  }

  /// The class folders of `root`, checked for count.
  private static func classes(in root: String) throws -> [String] {
    let names = try subfolders(of: root)
    let fix =
      "Put each class's images in a subfolder named after the class (\(root)/cat/1.png, \(root)/dog/2.jpg)"
    guard !names.isEmpty else {
      throw TriscaleError.invalidFile(path: root, problem: "holds no class folders", fix: fix)
    }
    guard names.count >= 2 else {
      throw TriscaleError.invalidFile(
        path: root, problem: "holds one class folder (\(names[0])); a classifier needs two or more",
        fix: fix)
    }
    guard names.count <= maximumClasses else {
      throw TriscaleError.invalidFile(
        path: root,
        problem:
          "holds \(names.count) class folders; at most \(maximumClasses) classes are supported",
        fix: "Merge or remove classes")
    }
    return names
  }

  /// The names of the visible subfolders of `root`, sorted.
  private static func subfolders(of root: String) throws -> [String] {
    try contents(of: root).filter { name in
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }

  /// The image files anywhere under the class folder `folder`, sorted.
  private static func images(in folder: String) throws -> [String] {
    guard let all = FileManager.default.subpaths(atPath: folder) else {
      throw TriscaleError.invalidFile(
        path: folder, problem: "cannot be listed", fix: "Check the folder's permissions")
    }
    let visible = all.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
    let images = visible.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
    guard !images.isEmpty else {
      throw TriscaleError.invalidFile(
        path: folder,
        problem: visible.isEmpty
          ? "is an empty class folder"
          : "is a class folder with no PNG or JPEG images (\(visible.count) other entries)",
        fix: "Add the class's .png, .jpg or .jpeg images, or remove the folder")
    }
    return images.sorted().map { folder + "/" + $0 }
  }

  /// The visible entries of `root`.
  private static func contents(of root: String) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }
    } catch {
      throw TriscaleError.invalidFile(
        path: root, problem: "the folder cannot be listed",
        fix: "Check the folder's permissions (`ls -ld`)")
    }
  }
}
