import type { Logger, LogLevel } from '../types.js';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/** Whether `value` names a log level (as `REX_LOG` may, or may not). */
export const isLogLevel = (value: unknown): value is LogLevel =>
  typeof value === 'string' && Object.hasOwn(RANK, value);

/** The methods of `logger` that `level` lets through; `undefined` when nothing is logged. */
export type Log = Partial<Pick<Logger, 'debug' | 'info' | 'warn'>>;

/**
 * The logger a client uses at `level`: only the methods the level lets through, each bound, so
 * the transport asks `log?.debug` and pays nothing for a level that is off.
 */
export function createLog(logger: Logger, level: LogLevel): Log | undefined {
  if (level === 'off') return undefined;
  const log: Log = {};
  for (const name of ['debug', 'info', 'warn'] as const) {
    if (RANK[name] >= RANK[level]) log[name] = (message: string) => logger[name](`[rex] ${message}`);
  }
  return log;
}
