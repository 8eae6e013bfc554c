/**
 * The logging the domain needs, in pino's call shape (`log.error({ err }, 'message')`) so the
 * app's pino logger is passed as it is, while the domain never imports pino.
 */
export interface Logger {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {} };
