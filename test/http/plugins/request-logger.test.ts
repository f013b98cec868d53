import t from 'tap';
import pino, { type Logger } from 'pino';
import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { LazyRequestLogger, lazyBindingsOf } from '../../../src/http/plugins/request-logger.ts';

/** A pino logger writing its lines (parsed, without time/pid/hostname) into an array, with its child() calls counted. */
function capture(level = 'info'): { logger: Logger; lines: Record<string, unknown>[]; children: () => number } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      const { time: _t, pid: _p, hostname: _h, ...rest } = JSON.parse(String(chunk)) as Record<string, unknown>;
      lines.push(rest);
      done();
    },
  });
  const logger = pino({ level, redact: { paths: ['name', '*.name'], censor: '[redacted]' } }, sink);
  let children = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<Logger['child']>) => {
    children += 1;
    return child(...args);
  }) as Logger['child'];
  return { logger, lines, children: () => children };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

t.test('a request that logs nothing makes no child; its bindings are still known', async (t) => {
  const { logger, children } = capture();
  const log = new LazyRequestLogger(logger as unknown as FastifyBaseLogger, { reqId: 'r-1' });
  log.setBindings({ principal: { id: 'u-1', role: 'finance' } });
  t.equal(children(), 0);
  t.same(lazyBindingsOf(log as unknown as FastifyBaseLogger), { reqId: 'r-1', principal: { id: 'u-1', role: 'finance' } });
  t.equal(lazyBindingsOf(logger as unknown as FastifyBaseLogger), undefined, 'a plain logger is not lazy');
});

t.test('its first line makes the child: the same line a child made at once would print', async (t) => {
  const lazy = capture();
  const eager = capture();
  const log = new LazyRequestLogger(lazy.logger as unknown as FastifyBaseLogger, { reqId: 'r-2' });
  const child = eager.logger.child({ reqId: 'r-2' });
  log.setBindings({ principal: { id: 'u-2', role: 'reviewer' } });
  child.setBindings({ principal: { id: 'u-2', role: 'reviewer' } });
  log.info({ problem: 'x', name: '张三' }, 'request refused');
  child.info({ problem: 'x', name: '张三' }, 'request refused');
  log.setBindings({ later: true });
  child.setBindings({ later: true });
  log.warn('second');
  child.warn('second');
  await flush();
  t.equal(lazy.children(), 1, 'one child, made at the first line');
  t.same(lazy.lines, eager.lines);
  t.match(lazy.lines[0], { reqId: 'r-2', principal: { id: 'u-2', role: 'reviewer' }, name: '[redacted]', msg: 'request refused' });
  t.match(lazy.lines[1], { later: true, msg: 'second' });
});

t.test('a level the logger does not print makes no child and no line', async (t) => {
  const { logger, lines, children } = capture('info');
  const log = new LazyRequestLogger(logger as unknown as FastifyBaseLogger, { reqId: 'r-3' });
  log.debug('not printed');
  log.trace({ a: 1 }, 'not printed');
  await flush();
  t.equal(children(), 0);
  t.equal(lines.length, 0);
  t.equal(log.level, 'info');
  t.ok(typeof log.child({ x: 1 }).info === 'function', 'child() still gives a logger');
});
