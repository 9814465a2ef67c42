import Logging

/// The node's logging: swift-log to standard error, one process-wide setup.
public enum NodeLog {
    /// Sends every logger's output to standard error at `level` and up. Call once, first.
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// The node's logger.
    public static func logger(level: Logger.Level) -> Logger {
        var logger = Logger(label: "lodestone.node")
        logger.logLevel = level
        return logger
    }
}
