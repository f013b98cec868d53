import type { Feature } from './feature.ts';
import { applicationsFeature } from './routes/applications.ts';
import { catalogueFeature } from './routes/catalogue.ts';
import { classesFeature } from './routes/classes.ts';
import { consoleFeature } from './routes/console.ts';
import { drawsFeature } from './routes/draws.ts';
import { findingsFeature } from './routes/findings.ts';
import { fundsFeature } from './routes/funds.ts';
import { inspectionsFeature } from './routes/inspections.ts';
import { institutionsFeature } from './routes/institutions.ts';
import { integrityFeature } from './routes/integrity.ts';
import { paymentsFeature } from './routes/payments.ts';
import { disclosureFeature } from './routes/disclosure.ts';
import { problemLedgerFeature } from './routes/problem-ledger.ts';
import { rectificationFeature } from './routes/rectification.ts';
import { recoveryOrdersFeature } from './routes/recovery-orders.ts';
import { publicDrawsFeature } from './routes/public-draws.ts';
import { publicReadModelsFeature } from './routes/public-read-models.ts';
import { moneyQueriesFeature } from './routes/queries-money.ts';
import { registryQueriesFeature } from './routes/queries-registry.ts';
import { traineesFeature } from './routes/trainees.ts';

/**
 * The route groups `taizhang serve` registers, in order. A feature engineer adds one
 * line here and the routes' rows in access-matrix.ts.
 */
export const FEATURES: readonly Feature[] = [catalogueFeature, institutionsFeature, traineesFeature, classesFeature, fundsFeature, applicationsFeature, paymentsFeature, drawsFeature, inspectionsFeature, findingsFeature, recoveryOrdersFeature, publicDrawsFeature, moneyQueriesFeature, registryQueriesFeature, publicReadModelsFeature, integrityFeature, problemLedgerFeature, rectificationFeature, disclosureFeature, consoleFeature];
