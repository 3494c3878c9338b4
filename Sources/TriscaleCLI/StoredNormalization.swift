import Foundation
import TriscaleData

extension DatasetOptions {
  /// The normalization a model was trained with (its `normalization`
  /// metadata), or this dataset's when the model does not record one.
  func normalization(storedIn metadata: [String: String]) throws -> Normalization {
    if let stored = metadata["normalization"] {
      return try JSONDecoder().decode(Normalization.self, from: Data(stored.utf8))
    }
    return normalization(train: try load(.train))
  }
}
