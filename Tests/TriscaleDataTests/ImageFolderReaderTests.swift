import Foundation
import Testing
import TriscaleCore
import TriscaleTestSupport

@testable import TriscaleData

/// Folder-of-images datasets: layout, split, resizing and the layout errors.
@Suite("Image folder reader")
struct ImageFolderReaderTests {
  /// A folder configuration for `directory`.
  private func folder(
    _ directory: TemporaryDirectory, size: [Int]? = nil, channels: Int? = nil
  ) -> DatasetConfiguration {
    DatasetConfiguration(
      kind: "folder", directory: directory.path, imageSize: size, channels: channels)
  }

  @Test("classes are the sorted subfolders; every format decodes; the split is per class")
  func loadsEveryFormat() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try ImageFolderFiles.write(into: directory.path, classes: ["dog", "cat", "bird"], perClass: 10)
    try Data("notes".utf8).write(to: URL(fileURLWithPath: directory.path + "/cat/README.txt"))
    let train = try folder(directory).load(.train)
    let test = try folder(directory).load(.test)
    #expect(train.classNames == ["bird", "cat", "dog"])
    #expect(train.imageShape == [32, 32, 3] && test.imageShape == [32, 32, 3])
    #expect(train.classCounts == [8, 8, 8] && test.classCounts == [2, 2, 2])
    #expect(train.name == "folder:\(directory.path)")
    // Class k is bright in channel k % 3 (bird 0, cat 1, dog 2): check one image per class.
    for label in 0..<3 {
      let index = try #require(train.labels.firstIndex(of: UInt8(label)))
      let image = train.pixels[(index * 3072)..<((index + 1) * 3072)]
      let means = (0..<3).map { channel in
        stride(from: channel, to: 3072, by: 3).reduce(0) { $0 + Int(image[image.startIndex + $1]) }
      }
      let gray = means.max()! - means.min()! < 3 * 1024 * 10
      #expect(gray || means.firstIndex(of: means.max()!) == label, "label \(label): \(means)")
    }
  }

  @Test("the held-out split is the same every time, disjoint and follows the file names")
  func deterministicSplit() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try ImageFolderFiles.write(into: directory.path, classes: ["a", "b"], perClass: 9)
    let layout = try ImageFolder(directory: directory.path, testFraction: 0.3)
    let again = try ImageFolder(directory: directory.path, testFraction: 0.3)
    let test = Set(layout.files[.test]!.map(\.path))
    let train = Set(layout.files[.train]!.map(\.path))
    #expect(test == Set(again.files[.test]!.map(\.path)))
    #expect(test.isDisjoint(with: train) && test.count == 6 && train.count == 12)
    #expect(layout.files[.train]!.map(\.path) == again.files[.train]!.map(\.path))
  }

  @Test("train/ and test/ subfolders are the split when both exist; test/ has no other classes")
  func explicitSplit() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try ImageFolderFiles.write(into: directory.path + "/train", classes: ["x", "y"], perClass: 4)
    try ImageFolderFiles.write(into: directory.path + "/test", classes: ["y"], perClass: 3)
    let configuration = folder(directory, size: [20, 24], channels: 1)
    let train = try configuration.load(.train)
    let test = try configuration.load(.test)
    #expect(train.imageShape == [20, 24, 1] && train.classCounts == [4, 4])
    #expect(test.classNames == ["x", "y"] && test.classCounts == [0, 3])
    try ImageFolderFiles.write(into: directory.path + "/test", classes: ["z"], perClass: 1)
    #expect(message(directory).contains("test/z: is a class folder with no match in train/"))
  }

  /// The message loading the training split of `directory` throws.
  private func message(_ directory: TemporaryDirectory) -> String {
    triscaleErrorMessage { _ = try folder(directory).load(.train) } ?? ""
  }

  @Test("layout errors name the folder and the fix")
  func layoutErrors() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    #expect(message(directory).contains("\(directory.path): holds no class folders."))
    try FileManager.default.createDirectory(
      atPath: directory.path + "/cat", withIntermediateDirectories: true)
    #expect(message(directory).contains("holds one class folder (cat); a classifier needs two"))
    try ImageFolderFiles.write(into: directory.path, classes: ["dog"], perClass: 2)
    #expect(
      message(directory)
        == "\(directory.path)/cat: is an empty class folder. Add the class's .png, .jpg or .jpeg images, or remove the folder"
    )
    try Data("x".utf8).write(to: URL(fileURLWithPath: directory.path + "/cat/list.txt"))
    #expect(
      message(directory).contains(
        "/cat: is a class folder with no PNG or JPEG images (1 other entries)"))
    try Data("not a png".utf8).write(to: URL(fileURLWithPath: directory.path + "/cat/1.PNG"))
    #expect(
      message(directory).hasPrefix("\(directory.path)/cat/1.PNG: is neither a PNG nor a JPEG image")
    )
  }

  @Test("more than 256 class folders are refused")
  func tooManyClasses() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    for index in 0..<257 {
      try FileManager.default.createDirectory(
        atPath: directory.path + "/class\(index)", withIntermediateDirectories: true)
    }
    #expect(
      message(directory).contains("holds 257 class folders; at most 256 classes are supported"))
  }
}
