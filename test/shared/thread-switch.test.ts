import t from 'tap';
import { threadSwitchFromEnv } from '../../src/shared/thread-switch.ts';

t.test('a thread switch is off unless on, and anything else is a configuration error naming the variable', async (t) => {
  t.equal(threadSwitchFromEnv('TAIZHANG_X_THREAD', {}), false, 'off when unset');
  t.equal(threadSwitchFromEnv('TAIZHANG_X_THREAD', { TAIZHANG_X_THREAD: '' }), false, 'off when empty');
  t.equal(threadSwitchFromEnv('TAIZHANG_X_THREAD', { TAIZHANG_X_THREAD: 'off' }), false);
  t.equal(threadSwitchFromEnv('TAIZHANG_X_THREAD', { TAIZHANG_X_THREAD: 'on' }), true);
  t.throws(() => threadSwitchFromEnv('TAIZHANG_X_THREAD', { TAIZHANG_X_THREAD: 'ON' }), /TAIZHANG_X_THREAD: must be on or off, not "ON"/);
  t.throws(() => threadSwitchFromEnv('TAIZHANG_IDEMPOTENCY_THREAD', { TAIZHANG_IDEMPOTENCY_THREAD: 'yes' }), /TAIZHANG_IDEMPOTENCY_THREAD/);
});
