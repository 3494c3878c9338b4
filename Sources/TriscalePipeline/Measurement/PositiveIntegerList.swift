import Foundation
import TriscaleCore

/// A flag's comma-separated list of positive integers ("64,128,256").
public enum PositiveIntegerList {
  /// The integers in `text`, or an error naming `flag` with `example` as the fix.
  public static func parse(_ text: String, flag: String, example: String) throws -> [Int] {
    let values = text.split(separator: ",").map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
      throw TriscaleError.invalidArgument(
        name: flag, problem: "'\(text)' is not a list of positive integers",
        fix: "Use e.g. \(example)")
    }
    return values.compactMap { $0 }
  }
}
