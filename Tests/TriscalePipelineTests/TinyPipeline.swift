import Foundation

/// A pipeline that runs in seconds in a debug build: dscnn-micro trained for
/// one epoch on 128 synthetic images, quantized on 16, exported to TFLite.
enum TinyPipeline {
  /// The pipeline text; `calibration` is the quantize stage's method.
  static func text(output: String, calibration: String = "minmax", epochs: Int = 1) -> String {
    """
    name: tiny
    output: \(output)
    defaults:
      dataset: synthetic
      threads: 1
    stages:
      cloud:
        stage: train
        model: dscnn-micro
        train-limit: 128
        epochs: \(epochs)
        batch-size: 32
        augment: false
        checkpoint-every: 1
      edge:
        stage: quantize
        input: cloud
        calibration: \(calibration)
        calibration-images: 16
      tflite:
        stage: export
        input: edge
        variant: int8
    """
  }

  /// A fresh temporary folder.
  static func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("triscale-pipeline-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }
}
