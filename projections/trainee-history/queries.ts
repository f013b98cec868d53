import type { SqliteDatabase } from '../../src/shared/sqlite-connection.ts';

export interface Claim {
  applicationId: string;
  subsidyKind: string;
  occupationCode: string;
  level: string;
  certificateSerial: string;
  year: number;
  shortageOccupation: boolean;
  reservedOn: string;
  /** reserved and paid count against the quota; released does not. */
  status: 'reserved' | 'paid' | 'released';
  releasedOn: string | null;
  releaseReason: string | null;
  paidOn: string | null;
  paymentId: string | null;
  amountFen: number | null;
  recoveredFen: number;
}

export interface YearTally {
  year: number;
  /** Claims that count against the year's quota (reserved or paid, training and skill-upgrade together). */
  counted: number;
  training: number;
  skillUpgrade: number;
  paid: number;
  released: number;
}

export interface SubsidyHistory {
  personRef: string;
  /** By reservation date, then application id. */
  claims: Claim[];
  years: YearTally[];
  /** Per occupation, the levels with a claim that counts (once per occupation and level, ever). */
  occupations: { occupationCode: string; levels: string[] }[];
}

interface Row {
  application_id: string;
  subsidy_kind: string;
  occupation_code: string;
  level: string;
  certificate_serial: string;
  year: number;
  shortage_occupation: number;
  reserved_on: string;
  status: Claim['status'];
  released_on: string | null;
  release_reason: string | null;
  paid_on: string | null;
  payment_id: string | null;
  amount_fen: number | null;
  recovered_fen: number;
}

/** Claims a person holds are bounded by the quota rules (a few a year); no paging needed. */
export function subsidyHistory(db: SqliteDatabase, personRef: string): SubsidyHistory {
  const rows = db.prepare('SELECT * FROM claim WHERE person_ref = ? ORDER BY reserved_on, application_id').all(personRef) as Row[];
  const claims = rows.map(
    (r): Claim => ({
      applicationId: r.application_id,
      subsidyKind: r.subsidy_kind,
      occupationCode: r.occupation_code,
      level: r.level,
      certificateSerial: r.certificate_serial,
      year: r.year,
      shortageOccupation: r.shortage_occupation === 1,
      reservedOn: r.reserved_on,
      status: r.status,
      releasedOn: r.released_on,
      releaseReason: r.release_reason,
      paidOn: r.paid_on,
      paymentId: r.payment_id,
      amountFen: r.amount_fen,
      recoveredFen: r.recovered_fen,
    }),
  );
  const years = new Map<number, YearTally>();
  const occupations = new Map<string, Set<string>>();
  for (const c of claims) {
    let y = years.get(c.year);
    if (y === undefined) years.set(c.year, (y = { year: c.year, counted: 0, training: 0, skillUpgrade: 0, paid: 0, released: 0 }));
    if (c.status === 'released') {
      y.released += 1;
      continue;
    }
    y.counted += 1;
    if (c.subsidyKind === 'skill_upgrade') y.skillUpgrade += 1;
    else y.training += 1;
    if (c.status === 'paid') y.paid += 1;
    const levels = occupations.get(c.occupationCode) ?? new Set<string>();
    occupations.set(c.occupationCode, levels.add(c.level));
  }
  return {
    personRef,
    claims,
    years: [...years.values()].sort((a, b) => a.year - b.year),
    occupations: [...occupations].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([occupationCode, levels]) => ({ occupationCode, levels: [...levels].sort() })),
  };
}
