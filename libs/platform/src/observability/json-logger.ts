import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context.js';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];
const NAMES: Partial<Record<LogLevel, string>> = { log: 'info', verbose: 'trace' };

/** The levels up to `level`, as Nest's logger option takes them. */
export const logLevelsUpTo = (level: string): LogLevel[] => LEVELS.slice(0, LEVELS.indexOf(level as LogLevel) + 1);

/**
 * One JSON object per line: `level`, `time`, `service`, `context`, `message`, `requestId` (the
 * request being served, or one the message names), and any other fields of an object message.
 * A message given as an object (`{ message, requestId, ... }`) keeps its fields, so a line about
 * an applied event carries that event's request id although no request is being served.
 */
export class JsonLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    private readonly service: string,
    level: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.enabled = new Set(logLevelsUpTo(level));
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    // Nest calls error(message, stack?, context?).
    const context = params.length > 1 ? params[params.length - 1] : params.length === 1 && !looksLikeStack(params[0]) ? params[0] : undefined;
    const stack = params.length > 1 || looksLikeStack(params[0]) ? params[0] : undefined;
    this.emit('error', message, context === undefined ? [] : [context], typeof stack === 'string' ? stack : undefined);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }

  private emit(level: LogLevel, message: unknown, params: unknown[], stack?: string): void {
    if (!this.enabled.has(level)) return;
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    const fields: Record<string, unknown> =
      message instanceof Error
        ? { message: message.message, stack: message.stack }
        : typeof message === 'object' && message !== null
          ? { ...(message as Record<string, unknown>) }
          : { message: String(message) };
    const line = {
      level: NAMES[level] ?? level,
      time: new Date().toISOString(),
      service: this.service,
      context,
      requestId: currentRequestId(),
      ...fields,
      ...(stack ? { stack } : {}),
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
}

const looksLikeStack = (v: unknown): boolean => typeof v === 'string' && /\n\s+at /.test(v);

/** The logger a service runs with: JSON lines, or Nest's console lines for people (`LOG_FORMAT=pretty`). */
export function serviceLogger(service: string, config: { LOG_LEVEL: string; LOG_FORMAT: 'json' | 'pretty' }): LoggerService {
  if (config.LOG_FORMAT === 'json') return new JsonLogger(service, config.LOG_LEVEL);
  return new ConsoleLogger(service, { logLevels: logLevelsUpTo(config.LOG_LEVEL) });
}
