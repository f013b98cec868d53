import { compareBusinessDates, type BusinessDate } from '../calendar/business-date.ts';
import type { TraineeCategory } from './category.ts';
import type { CertificateRecorded } from './events.ts';

export interface CategoryPeriod {
  readonly from: BusinessDate;
  readonly category: TraineeCategory;
  readonly graduationYear?: number;
}

export interface Insurance {
  readonly months: number;
  readonly asOf: BusinessDate;
}

export interface RegisteredTrainee {
  readonly registered: true;
  readonly personRef: string;
  readonly maskedId: string;
  readonly maskedName: string;
  readonly birthYear: number;
  readonly registeredOn: BusinessDate;
  readonly socialSecurityCardMasked?: string;
  readonly bankAccountMasked?: string;
  /** Non-decreasing `from`. */
  readonly categories: readonly CategoryPeriod[];
  /** The latest figure recorded. */
  readonly insurance?: Insurance;
  readonly certificates: readonly CertificateRecorded[];
}

export type TraineeState = { readonly registered: false } | RegisteredTrainee;

export function initialTraineeState(): TraineeState {
  return { registered: false };
}

/** The category in force on `date`: the latest period starting on or before it. */
export function categoryOn(state: TraineeState, date: BusinessDate): CategoryPeriod | undefined {
  if (!state.registered) return undefined;
  let found: CategoryPeriod | undefined;
  for (const p of state.categories) {
    if (compareBusinessDates(p.from, date) > 0) break;
    found = p;
  }
  return found;
}

/** Insured months as last recorded, with the date they were counted to. */
export function insuranceOf(state: TraineeState): Insurance | undefined {
  return state.registered ? state.insurance : undefined;
}

export function certificateBySerial(state: TraineeState, serialNumber: string): CertificateRecorded | undefined {
  return state.registered ? state.certificates.find((c) => c.serialNumber === serialNumber) : undefined;
}
