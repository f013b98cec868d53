import type { FastifyBaseLogger } from 'fastify';
import type { Bindings, ChildLoggerOptions, LogFn } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * A request's logger that becomes a pino child only when something logs through it.
 *
 * fastify makes a child logger for every request ({ reqId }), and the auth plugin binds the
 * principal to it; with redaction configured, each child and each setBindings serialises
 * its bindings through the redactor — measured at about a tenth of the CPU of a whole
 * GET /api/v1/whoami. Most requests log nothing but their one completion line, which the
 * request observer writes through the server's logger with the same fields, so for them
 * no child is ever made. A request that does log (a refusal, a failure) gets a real child
 * with the same bindings at its first line: the output is the same either way.
 */
export class LazyRequestLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #options: ChildLoggerOptions;
  #bindings: Bindings;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions = {}) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  /** The bindings this request added to the server's (reqId, then the principal once authenticated). */
  get requestBindings(): Bindings {
    return this.#bindings;
  }

  get level(): string {
    return this.#child ? this.#child.level : this.#parent.level;
  }

  set level(level: string) {
    this.#real().level = level;
  }

  // Methods on the prototype, not arrow-function fields: one of these is made per request,
  // and per-instance closures (each wrapped by the TypeScript loader's name helper) cost
  // more than the child they save.
  fatal(...args: Parameters<LogFn>): void {
    this.#log('fatal', args);
  }
  error(...args: Parameters<LogFn>): void {
    this.#log('error', args);
  }
  warn(...args: Parameters<LogFn>): void {
    this.#log('warn', args);
  }
  info(...args: Parameters<LogFn>): void {
    this.#log('info', args);
  }
  debug(...args: Parameters<LogFn>): void {
    this.#log('debug', args);
  }
  trace(...args: Parameters<LogFn>): void {
    this.#log('trace', args);
  }
  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  bindings(): Bindings {
    const parent = this.#parent as FastifyBaseLogger & { bindings?: () => Bindings };
    return { ...(parent.bindings ? parent.bindings() : {}), ...this.#bindings };
  }

  setBindings(bindings: Bindings): void {
    this.#bindings = { ...this.#bindings, ...bindings };
    const child = this.#child as (FastifyBaseLogger & { setBindings?: (b: Bindings) => void }) | undefined;
    if (child === undefined) return;
    if (child.setBindings) child.setBindings(bindings);
    else this.#child = child.child(bindings);
  }

  isLevelEnabled(level: string): boolean {
    const logger = (this.#child ?? this.#parent) as FastifyBaseLogger & { isLevelEnabled?: (l: string) => boolean };
    return logger.isLevelEnabled ? logger.isLevelEnabled(level) : true;
  }

  #log(level: Exclude<Level, 'silent'>, args: Parameters<LogFn>): void {
    // A level the server does not print costs no child.
    if (this.#child === undefined && !this.isLevelEnabled(level)) return;
    (this.#real()[level] as (...a: unknown[]) => void)(...(args as unknown[]));
  }

  #real(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }
}

/** fastify's childLoggerFactory: one LazyRequestLogger per request. */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}

/** The request's own bindings when its logger is lazy; undefined for any other logger. */
export function lazyBindingsOf(log: FastifyBaseLogger): Bindings | undefined {
  return log instanceof LazyRequestLogger ? log.requestBindings : undefined;
}
