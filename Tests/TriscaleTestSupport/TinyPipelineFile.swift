/// Pipeline files that run in seconds in a debug build: dscnn-micro trained
/// on a few synthetic images, quantized on 16, exported to TFLite.
public enum TinyPipelineFile {
  /// The pipeline text. `calibration` is the quantize stage's method,
  /// `trainImages` and `epochs` size the train stage (which checkpoints every
  /// `checkpointEvery` steps), and `ranks` > 1 trains data-parallel under mpirun.
  public static func text(
    output: String, calibration: String = "minmax", trainImages: Int = 128, epochs: Int = 1,
    checkpointEvery: Int = 1, ranks: Int = 1
  ) -> String {
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
        train-limit: \(trainImages)
        epochs: \(epochs)
        batch-size: 32
        augment: false
        checkpoint-every: \(checkpointEvery)
        ranks: \(ranks)
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
}
