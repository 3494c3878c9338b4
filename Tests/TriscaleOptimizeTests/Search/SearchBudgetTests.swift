import Foundation
import Testing
import TriscaleCore

@testable import TriscaleOptimize

@Suite("Search budgets")
struct SearchBudgetTests {
  @Test(
    "the text form parses with K and M suffixes (1024 for bytes, 1000 for MACs) and prints back")
  func parsing() throws {
    let budget = try SearchBudget(parsing: "ram=64K, flash=256KiB,macs=30M")
    #expect(budget == SearchBudget(ramBytes: 65_536, flashBytes: 262_144, macs: 30_000_000))
    #expect(budget.description == "ram=64K,flash=256K,macs=30M,target=cortex-m4")
    #expect(try SearchBudget(parsing: budget.description) == budget)
    let other = try SearchBudget(parsing: "flash=1.5M,target=cortex-m7")
    #expect(other == SearchBudget(flashBytes: 1_572_864, target: .cortexM7))
    #expect(try SearchBudget(parsing: "ram=1000").ramBytes == 1000)
  }

  @Test("a pipeline mapping decodes numbers and suffixed text; its encoding decodes back")
  func mapping() throws {
    let json = Data(#"{"ram": "64K", "flash": 262144, "target": "cortex-m33"}"#.utf8)
    let budget = try JSONDecoder().decode(SearchBudget.self, from: json)
    #expect(budget == SearchBudget(ramBytes: 65_536, flashBytes: 262_144, target: .cortexM33))
    let encoded = try JSONEncoder().encode(budget)
    #expect(try JSONDecoder().decode(SearchBudget.self, from: encoded) == budget)
    #expect {
      try JSONDecoder().decode(SearchBudget.self, from: Data(#"{"rom": 5}"#.utf8))
    } throws: { "\($0)".contains("budget key 'rom'") }
  }

  @Test(
    "bad budgets say what is wrong and how to fix it",
    arguments: [
      ("ram=0", "invalid budget ram: 0 is not positive. Give a positive figure"),
      ("flash=-4K", "invalid budget flash: -4K is not positive"),
      ("rom=64K", "invalid budget key 'rom': it is not a budget key. Use ram, flash, macs, target"),
      (
        "ram=6x4K",
        "invalid budget ram: '6x4K' is not a number. Write a number with an optional K, M or G suffix (K = 1024 bytes)"
      ),
      ("macs=lots", "invalid budget macs: 'lots' is not a number"),
      ("ram=1K,ram=2K", "invalid budget key 'ram': it is given twice"),
      ("ram64K", "'ram64K' is not key=value"),
      ("target=cortex-a53", "'cortex-a53' is not a microcontroller target. Use one of: cortex-m4"),
    ])
  func badBudgets(text: String, message: String) {
    #expect {
      try SearchBudget(parsing: text)
    } throws: { error in
      "\(error)".contains(message)
    }
  }

  /// Figures of a made-up architecture that fits its board.
  static func figures(arena: Int, flash: Int, macs: Int) -> CandidateFigures {
    CandidateFigures(
      arenaBytes: arena, scratchBytes: 0, flashBytes: flash, constantBytes: flash - 32_768,
      macs: macs, parameters: 0, fitsTarget: true)
  }

  @Test("a figure below what the smallest architectures need names that figure and the fix")
  func belowSmallest() throws {
    let smallest = [
      ("small-ram", Self.figures(arena: 5_000, flash: 40_000, macs: 600_000)),
      ("small-flash", Self.figures(arena: 7_000, flash: 36_000, macs: 500_000)),
    ]
    #expect {
      try SearchBudget(parsing: "flash=10").checkAttainable(smallest: smallest)
    } throws: { error in
      "\(error)"
        == "invalid budget flash: flash=10 is below the 36000 bytes of flash that the smallest architecture in the search space needs (small-flash, measured with the cortex-m4 generator). Raise flash to at least 36000"
    }
    #expect {
      try SearchBudget(parsing: "ram=4K").checkAttainable(smallest: smallest)
    } throws: { "\($0)".contains("ram=4096 is below the 5000 bytes of arena") }
    #expect {
      try SearchBudget(parsing: "ram=5000,flash=36000").checkAttainable(smallest: smallest)
    } throws: { error in
      "\(error)".contains("no architecture in the search space meets all of it")
        && "\(error)".contains("ram=5000, flash=36000, macs=500000")
    }
    try SearchBudget(parsing: "ram=7000,flash=36000").checkAttainable(smallest: smallest)
  }
}
