/**
 * A `LoggerFactory` double that prints in Kibana's default layout, `[time][LEVEL][context] message`, with contexts
 * like Kibana's (`plugins.buffalogs.routes`). Levels below `minLevel` are dropped; records are also kept so the host
 * can report them.
 */
import type { LogLevelId, Logger, LoggerFactory, LogMessageSource, LogMeta } from '@kbn/core/server';

const ORDER: LogLevelId[] = ['all', 'trace', 'debug', 'info', 'warn', 'error', 'fatal', 'off'];

export interface LogRecord {
  level: LogLevelId;
  context: string;
  message: string;
  error?: Error;
  meta?: LogMeta;
}

export function createLoggerFactory(
  minLevel: LogLevelId,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): LoggerFactory & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const enabled = (level: LogLevelId) => ORDER.indexOf(level) >= ORDER.indexOf(minLevel) && minLevel !== 'off';

  const create = (context: string): Logger => {
    const log = (level: LogLevelId, source: LogMessageSource | Error, meta?: LogMeta) => {
      if (!enabled(level)) return;
      const error = source instanceof Error ? source : undefined;
      const message = source instanceof Error ? source.message : typeof source === 'function' ? source() : source;
      records.push({ level, context, message, error, meta });
      const stamp = new Date().toISOString();
      write(
        `[${stamp}][${level.toUpperCase().padEnd(5)}][${context}] ${message}${error?.stack && level !== 'warn' ? `\n${error.stack}` : ''}`,
      );
    };
    return {
      trace: (m, meta) => log('trace', m, meta),
      debug: (m, meta) => log('debug', m, meta),
      info: (m, meta) => log('info', m, meta),
      warn: (m, meta) => log('warn', m, meta),
      error: (m, meta) => log('error', m, meta),
      fatal: (m, meta) => log('fatal', m, meta),
      isLevelEnabled: (level) => enabled(level),
      get: (...child) => create([context, ...child].filter(Boolean).join('.')),
    };
  };
  return { records, get: (...parts: string[]) => create(parts.join('.')) };
}
