import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { EventStore } from '../eventstore/port.ts';
import { PROJECTIONS } from './catalog.ts';
import { Projections } from './projections.ts';

/**
 * How `taizhang serve` starts the read models: every projection of the catalogue over the
 * store it is given (the validating, upcasting one), files under `${dataDir}/readmodels`.
 */
export function startCatalogueProjections(config: Pick<Config, 'dataDir'>): (store: EventStore, logger: Logger) => Projections {
  return (store, logger) => Projections.start({ store, dataDir: config.dataDir, logger, definitions: PROJECTIONS });
}
