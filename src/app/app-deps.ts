import type { KeyObject } from 'node:crypto';
import type { EventStore } from '../eventstore/port.ts';
import type { PolicySet } from '../domain/policy/policy-set.ts';
import type { PersonalDataVault } from '../vault/port.ts';
import type { Clock } from './clock.ts';
import type { StateCache } from './state-cache.ts';
import type { StreamLocks } from './stream-locks.ts';

/**
 * What every application service gets. `store` validates every event against the
 * registry (withRegistry); `cache` and `locks` are shared by all services of a process.
 */
export interface AppDeps {
  store: EventStore;
  cache: StateCache;
  locks: StreamLocks;
  clock: Clock;
  policy: PolicySet;
  vault: PersonalDataVault;
  /** HMAC key of personRef pseudonyms (data/keys/pseudonym.key). */
  pseudonymKey: KeyObject;
}
