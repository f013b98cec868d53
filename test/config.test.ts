import t from 'tap';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';

t.test('defaults are the quick start: 127.0.0.1:3000, ./data, embedded store', async (t) => {
  const c = loadConfig({});
  t.equal(c.host, '127.0.0.1');
  t.equal(c.port, 3000);
  t.equal(c.dataDir, path.resolve('./data'));
  t.equal(c.storeUrl, 'sqlite:');
  t.equal(c.maxEventBytes, 1024 * 1024);
});

t.test('a bad value names the variable at fault', async (t) => {
  t.throws(() => loadConfig({ TAIZHANG_PORT: 'seventy' }), /TAIZHANG_PORT/);
  t.throws(() => loadConfig({ TAIZHANG_LOG_LEVEL: 'loud' }), /TAIZHANG_LOG_LEVEL/);
});
