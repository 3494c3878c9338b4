import Foundation
import Testing
import TriscaleCore

@testable import TriscaleData

@Suite("Normalization")
struct NormalizationTests {
  @Test func fitComputesPerChannelMeanAndStd() throws {
    // Two 1×1 images with two channels: channel 0 is 0 and 255, channel 1 is 51 twice.
    let dataset = try Dataset(
      name: "pair", imageShape: [1, 1, 2], classCount: 1, pixels: [0, 51, 255, 51], labels: [0, 0])
    let fitted = Normalization.fit(dataset)
    #expect(abs(fitted.mean[0] - 0.5) < 1e-6)
    #expect(abs(fitted.std[0] - 0.5) < 1e-6)
    #expect(abs(fitted.mean[1] - 0.2) < 1e-6)
    #expect(fitted.std[1] == Normalization.minimumStd)
  }

  @Test func fitMatchesADirectComputation() throws {
    let dataset = try randomDataset(count: 50, seed: 3)
    let fitted = Normalization.fit(dataset)
    for channel in 0..<3 {
      let values = stride(from: channel, to: dataset.pixels.count, by: 3).map {
        Double(dataset.pixels[$0]) / 255
      }
      let mean = values.reduce(0, +) / Double(values.count)
      let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
      #expect(abs(Double(fitted.mean[channel]) - mean) < 1e-5)
      #expect(abs(Double(fitted.std[channel]) - variance.squareRoot()) < 1e-5)
    }
  }

  @Test func codableRoundTrip() throws {
    let original = try Normalization(mean: [0.1, 0.2, 0.3], std: [0.5, 0.25, 0.125])
    let decoded = try JSONDecoder().decode(Normalization.self, from: JSONEncoder().encode(original))
    #expect(decoded == original)
  }

  @Test func decodingRejectsZeroStd() {
    let json = Data(#"{"mean":[0.5],"std":[0]}"#.utf8)
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(Normalization.self, from: json) }
  }

  @Test func mismatchedLengthsAreRejected() {
    let message = triscaleErrorMessage { _ = try Normalization(mean: [0.5, 0.5], std: [0.2]) }
    #expect(message?.contains("2 means and 1 standard deviations") == true)
  }
}
