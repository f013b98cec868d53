import type { Principal } from '../access/roles.ts';
import type { AppDeps } from '../app/app-deps.ts';
import type { CommandContext } from '../app/command-context.ts';
import type { CertificateLevel } from '../domain/policy/certificate-level.ts';
import type { CommandClock } from './command-clock.ts';
import type { FraudTally } from './fraud-tally.ts';
import type { GeneratorPreset } from './presets.ts';
import type { Rng } from './prng.ts';

/** What every part of the generator shares during one run. */
export interface GenRun {
  deps: AppDeps;
  clock: CommandClock;
  rng: Rng;
  preset: GeneratorPreset;
  tally: FraudTally;
  stats: GenStats;
}

/** Honest business counted as it happens (the fraud is in the tally). */
export interface GenStats {
  commands: number;
  institutions: number;
  trainees: number;
  classes: number;
  certificates: number;
  applications: number;
  rejectedAtReview: number;
  paid: number;
  paidFen: number;
  bounced: number;
  recoveries: number;
  recoveredFen: number;
  draws: number;
  inspections: number;
  findings: number;
  findingsClosed: number;
  recoveryOrders: number;
}

export function emptyStats(): GenStats {
  return { commands: 0, institutions: 0, trainees: 0, classes: 0, certificates: 0, applications: 0, rejectedAtReview: 0, paid: 0, paidFen: 0, bounced: 0, recoveries: 0, recoveredFen: 0, draws: 0, inspections: 0, findings: 0, findingsClosed: 0, recoveryOrders: 0 };
}

/** Jiangxi's eleven prefecture-level cities (GB/T 2260). */
export const CITY_CODES = ['360100', '360200', '360300', '360400', '360500', '360600', '360700', '360800', '360900', '361000', '361100'] as const;
export const PROVINCE = '360000';

export const OCCUPATIONS = [
  { code: '4-03-02-01', name: '中式烹调师', short: 'COOK' },
  { code: '6-31-01-03', name: '电工', short: 'ELEC' },
  { code: '4-10-01-02', name: '育婴员', short: 'BABY' },
  { code: '6-18-02-04', name: '焊工', short: 'WELD' },
  { code: '4-10-01-05', name: '养老护理员', short: 'CARE' },
  { code: '4-04-05-01', name: '电子商务师', short: 'ECOM' },
] as const;
export type Occupation = (typeof OCCUPATIONS)[number];

/** The class levels the catalogue carries, and the level a fraudulent certificate claims instead. */
export const LEVELS = ['junior', 'intermediate', 'senior'] as const satisfies readonly CertificateLevel[];
export type ClassLevel = (typeof LEVELS)[number];
export const LEVEL_ABOVE: Record<ClassLevel, CertificateLevel> = { junior: 'intermediate', intermediate: 'senior', senior: 'technician' };

export function projectId(o: Occupation, level: ClassLevel): string {
  return `${o.short.toLowerCase()}-${level}`;
}

/** The cast: who does what, per city where the work is a city's. */
export const people = {
  admin: { id: 'gen-admin', name: 'Province admin', role: 'admin' },
  registrar: { id: 'gen-reg-jx', name: 'Province registrar', role: 'registrar', region: PROVINCE },
  finance: { id: 'gen-fin', name: 'Province finance', role: 'finance' },
  inspector: { id: 'gen-insp', name: 'Province inspector', role: 'inspector' },
  cityRegistrar: (city: string): Principal => ({ id: `gen-reg-${city}`, name: `Registrar ${city}`, role: 'registrar', region: city }),
  cityReviewer: (city: string, n: 1 | 2): Principal => ({ id: `gen-rev-${city}-${n}`, name: `Reviewer ${n} ${city}`, role: 'reviewer', region: city }),
} as const satisfies Record<string, Principal | ((...a: never[]) => Principal)>;

/** The business calendar of the generated year (all working days in 2026). */
export const DAYS = {
  catalogue: '2025-01-01',
  registered: '2025-06-01',
  listed: '2025-06-10',
  fundOpened: '2026-01-05',
  allocation: '2026-01-06',
  suspended: '2026-02-16',
  traineesRegistered: '2026-02-02',
  classRequested: '2026-03-01',
  sessions: ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'],
  /** A sixth session day, for the ghost check-in only. */
  extraSession: '2026-03-09',
  classEnd: '2026-03-13',
  certificates: '2026-03-16',
  submitted: '2026-03-17',
  reviewed: '2026-03-18',
  publicity: '2026-03-20',
  approved: '2026-03-30',
  instructed: '2026-03-31',
  paid: '2026-04-01',
  bounced: '2026-04-02',
  reinstructed: '2026-04-03',
  repaid: '2026-04-07',
  duplicate: '2026-04-08',
  recovered: '2026-05-15',
} as const;

export interface InstitutionPlan {
  creditCode: string;
  city: string;
  occupations: Occupation[];
  grade: 'A' | 'B' | 'C' | 'D';
  eligible: boolean;
}

export interface TraineePlan {
  key: string;
  idNumber: string;
  name: string;
  bankAccount: string;
  personRef?: string;
  hoursShort: boolean;
  overStandard: boolean;
}

export interface ClassPlan {
  classId: string;
  /** 0-based, in planning order. */
  number: number;
  institution: InstitutionPlan;
  occupation: Occupation;
  level: ClassLevel;
  trainees: TraineePlan[];
  /** The fake-trainee attempt of this class, when it has one: the made-up person. */
  ghost: TraineePlan | undefined;
}

/** An application the money lane of its city takes on. */
export interface ReadyApplication {
  applicationId: string;
  city: string;
  personRef: string;
  certificateSerial: string;
  classId: string;
  /** The credit code of the institution that trained the person. */
  institutionId: string;
  fundId: string;
  amountFen: number;
  /** The payment that went through (after a bounce, the second one). */
  paymentId?: string;
  /** Recovered in full already (nothing left for a recovery order). */
  recovered?: boolean;
}

/** A context for one command, counted. */
export function ctx(run: GenRun, principal: Principal, day: string, key: string): CommandContext {
  run.stats.commands += 1;
  return run.clock.ctx(principal, day, key);
}

/**
 * A city's employment-subsidy money arrives in several allocations, each kept as its own
 * fund; a class's applications are paid from one of them. Each fund's payments run in one
 * lane (its stream's order is then the same on every run), so more funds, more lanes.
 */
export const FUNDS_PER_CITY = 4;

export function fundIdOf(city: string, batch: number): string {
  return `emp-${city}-2026-${(batch % FUNDS_PER_CITY) + 1}`;
}
