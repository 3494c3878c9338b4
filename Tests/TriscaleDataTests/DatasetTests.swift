import Testing

@testable import TriscaleData

@Suite("Dataset")
struct DatasetTests {
  @Test func countsClassesAndNamesThemByDefault() throws {
    let dataset = try Dataset(
      name: "tiny", imageShape: [1, 2, 1], classCount: 3, pixels: [1, 2, 3, 4, 5, 6],
      labels: [2, 0, 2])
    #expect(dataset.count == 3)
    #expect(dataset.imageByteCount == 2)
    #expect(dataset.classCounts == [1, 0, 2])
    #expect(dataset.classNames == ["0", "1", "2"])
  }

  @Test func prefixKeepsTheFirstImages() throws {
    let dataset = try Dataset(
      name: "tiny", imageShape: [1, 2, 1], classCount: 3, pixels: [1, 2, 3, 4, 5, 6],
      labels: [2, 0, 1])
    let head = dataset.prefix(2)
    #expect(head.pixels == [1, 2, 3, 4])
    #expect(head.labels == [2, 0])
    #expect(dataset.prefix(10) == dataset)
  }

  @Test func wrongPixelCountIsRejected() {
    let message = triscaleErrorMessage {
      _ = try Dataset(
        name: "bad", imageShape: [2, 2, 1], classCount: 2, pixels: [0, 0, 0], labels: [0])
    }
    #expect(message?.contains("3 bytes do not hold 1 images of [2, 2, 1]") == true)
  }

  @Test func labelOutOfRangeIsRejected() {
    let message = triscaleErrorMessage {
      _ = try Dataset(
        name: "bad", imageShape: [1, 1, 1], classCount: 2, pixels: [0, 0], labels: [1, 2])
    }
    #expect(message?.contains("label 2 of image 1 is not below 2") == true)
  }

  @Test func malformedShapeIsRejected() {
    let message = triscaleErrorMessage {
      _ = try Dataset(name: "bad", imageShape: [4, 4], classCount: 2, pixels: [], labels: [])
    }
    #expect(message?.contains("[4, 4] is not [height, width, channels]") == true)
  }
}
