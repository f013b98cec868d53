import { applications } from '../../projections/applications/projection.ts';
import { catalogue } from '../../projections/catalogue/projection.ts';
import { classes } from '../../projections/classes/projection.ts';
import { eventStats } from '../../projections/event-stats/projection.ts';
import { funds } from '../../projections/funds/projection.ts';
import { inspectionPlans } from '../../projections/inspection-plans/projection.ts';
import { institutions } from '../../projections/institutions/projection.ts';
import { problemLedger } from '../../projections/problem-ledger/projection.ts';
import { paymentTrace } from '../../projections/payment-trace/projection.ts';
import { publicity } from '../../projections/publicity/projection.ts';
import { traineeHistory } from '../../projections/trainee-history/projection.ts';
import type { ProjectionDefinition } from './definition.ts';
import { UnknownProjectionError } from './errors.ts';

/**
 * Every read model this build of taizhang keeps. To add one: a folder projections/NAME
 * with its NNNN_*.sql and a projection.ts exporting `defineProjection({...})`, and a line
 * here. See src/projections/README.md.
 */
export const PROJECTIONS: readonly ProjectionDefinition[] = [
  eventStats,
  // the domain read models (issue 5)
  funds,
  paymentTrace,
  applications,
  traineeHistory,
  institutions,
  catalogue,
  classes,
  publicity,
  // the problem ledger, rectification tracking and disclosure of inspection results (issue 8)
  problemLedger,
  // the list of inspection plans (双随机 draws) for the console (issue 10)
  inspectionPlans,
];

/** The named projections, in the order named; all of them when no name is given. */
export function selectProjections(catalogue: readonly ProjectionDefinition[], names: readonly string[]): readonly ProjectionDefinition[] {
  if (names.length === 0) return catalogue;
  return names.map((name) => {
    const found = catalogue.find((d) => d.name === name);
    if (found === undefined) throw new UnknownProjectionError(name, catalogue.map((d) => d.name));
    return found;
  });
}
