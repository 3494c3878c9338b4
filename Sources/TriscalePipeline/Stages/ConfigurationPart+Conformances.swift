import TriscaleData
import TriscaleOptimize
import TriscaleTrain

/// The recipe's keys, shared flat with the data's and the stage's own.
extension TrainingOptions: ConfigurationPart {}

/// The data keys, shared flat with the stage's own.
extension DatasetConfiguration: ConfigurationPart {}

/// The search's own keys, shared flat with the data's and threads.
extension ArchitectureSearch.Settings: ConfigurationPart {}
