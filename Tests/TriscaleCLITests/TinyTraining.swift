/// Command-line flags that make `triscale train` finish in seconds in a debug
/// build: the small microcontroller model, one thread, one epoch, no augmentation.
enum TinyTraining {
  /// `--model dscnn-micro --threads 1 --epochs 1 --no-augment --batch-size B --output OUTPUT`.
  static func flags(output: String, batchSize: Int = 32) -> [String] {
    [
      "--model", "dscnn-micro", "--threads", "1", "--epochs", "1", "--no-augment", "--batch-size",
      String(batchSize), "--output", output,
    ]
  }
}
