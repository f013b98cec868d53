import { z } from 'zod';
import { BusinessDateSchema, compareBusinessDates, isBusinessDate, type BusinessDate } from '../calendar/business-date.ts';

/**
 * A policy table is a list of versions, each in force from its `effectiveFrom` date until
 * the next version's. Versions are never edited: a new policy document adds a version.
 */
export interface PolicyVersion<T> {
  /** First business date (Asia/Shanghai) on which this version applies. */
  readonly effectiveFrom: BusinessDate;
  /** The document it comes from, e.g. 赣人社发〔2019〕3号. */
  readonly source: string;
  readonly value: T;
}

/** Ascending by effectiveFrom, no two on the same date (the schema enforces it). */
export type VersionedTable<T> = readonly PolicyVersion<T>[];

/** A zod schema for a table of `value` versions, checking order and uniqueness. */
export function versionedTableSchema<S extends z.ZodType>(value: S) {
  return z
    .array(z.object({ effectiveFrom: BusinessDateSchema, source: z.string().min(1), value }))
    .min(1)
    .superRefine((versions, ctx) => {
      for (let i = 1; i < versions.length; i++) {
        const prev = versions[i - 1];
        const cur = versions[i];
        if (prev && cur && isBusinessDate(prev.effectiveFrom) && isBusinessDate(cur.effectiveFrom) && compareBusinessDates(prev.effectiveFrom, cur.effectiveFrom) >= 0) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'effectiveFrom'],
            message: `versions must be in ascending order of effectiveFrom with no repeats (${cur.effectiveFrom} follows ${prev.effectiveFrom})`,
          });
        }
      }
    });
}

/** A date earlier than the first version of a table: no rule was in force. */
export class PolicyNotInForceError extends Error {
  readonly code = 'policy.not_in_force';
  readonly table: string;
  readonly date: BusinessDate;
  readonly earliest: BusinessDate | undefined;
  constructor(table: string, date: BusinessDate, earliest: BusinessDate | undefined) {
    super(`no ${table} policy in force on ${date}${earliest ? ` (earliest version from ${earliest})` : ''}`);
    this.name = 'PolicyNotInForceError';
    this.table = table;
    this.date = date;
    this.earliest = earliest;
  }
}

/** The version in force on `date`, or undefined when `date` precedes every version. */
export function versionInForce<T>(table: VersionedTable<T>, date: BusinessDate): PolicyVersion<T> | undefined {
  let found: PolicyVersion<T> | undefined;
  for (const v of table) {
    if (compareBusinessDates(v.effectiveFrom, date) > 0) break;
    found = v;
  }
  return found;
}

/** The version in force on `date`; throws PolicyNotInForceError before the first version. */
export function policyInForce<T>(table: VersionedTable<T>, date: BusinessDate, tableName = 'policy'): PolicyVersion<T> {
  const v = versionInForce(table, date);
  if (!v) throw new PolicyNotInForceError(tableName, date, table[0]?.effectiveFrom);
  return v;
}
