import type { RegisterTraineeInput } from '../app/services/trainees-input.ts';
import { bankAccount, chineseName, residentId } from './identities.ts';
import type { Rng } from './prng.ts';
import type { TraineePlan } from './world.ts';

/**
 * Synthetic people, distinct by ID number. Each person's draws come from a PRNG forked on
 * their key, so a person is the same whichever lane registers them first.
 */
export class TraineeFactory {
  private readonly used = new Set<string>();
  private sequence = 0;
  constructor(private readonly rng: Rng) {}

  next(key: string, city: string, flags: { hoursShort?: boolean; overStandard?: boolean } = {}): TraineePlan {
    const r = this.rng.fork(key);
    // Born in one of the city's districts (area code city + 02).
    const area = `${city.slice(0, 4)}02`;
    let idNumber = residentId(r, area, this.sequence++);
    while (this.used.has(idNumber)) idNumber = residentId(r, area, this.sequence++);
    this.used.add(idNumber);
    return { key, idNumber, name: chineseName(r), bankAccount: bankAccount(r), hoursShort: flags.hoursShort ?? false, overStandard: flags.overStandard ?? false };
  }

  registration(t: TraineePlan, idNumber = t.idNumber): RegisterTraineeInput {
    return { idNumber, name: t.name, bankAccount: t.bankAccount, bankName: '中国工商银行', category: 'rural_migrant_worker', registeredOn: '2026-02-02' };
  }
}
