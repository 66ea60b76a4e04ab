import ScoringAPI

/// The names `LOG_LEVEL` and `--log-level` accept (shared with score-server, in ``ScoringAPI``).
public typealias LogLevels = ScoringAPI.LogLevels
