import { EventRegistry } from '../eventstore/registry.ts';
import { FundEventSchemas } from '../domain/fund/events.ts';
import { ApplicationEventSchemas } from '../domain/application/events.ts';
import { EntitlementEventSchemas } from '../domain/entitlement/events.ts';
import { CatalogueEventSchemas } from '../domain/catalogue/events.ts';
import { InstitutionEventSchemas } from '../domain/institution/events.ts';
import { ClassEventSchemas } from '../domain/class/events.ts';
import { TraineeEventSchemas } from '../domain/trainee/events.ts';
import { InspectionEventSchemas } from '../domain/inspection/events.ts';
import { FindingEventSchemas } from '../domain/finding/events.ts';
import { RecoveryOrderEventSchemas } from '../domain/recovery-order/events.ts';
import { InspectionPlanEventSchemas } from '../domain/inspection-plan/events.ts';
import { InspectionMattersEventSchemas } from '../domain/inspection-plan/matters/events.ts';
import { PERSONAL_DATA_REVEALED, PersonalDataRevealedSchema } from '../vault/reveal.ts';

/**
 * Every event type the application writes, with its schema: the store refuses anything
 * else on append, and upcasts older versions on read. One place, so a new aggregate that
 * forgets to register fails its first append in tests rather than writing unchecked data.
 */
export function buildEventRegistry(): EventRegistry {
  const registry = new EventRegistry()
    .registerAll(FundEventSchemas)
    .registerAll(ApplicationEventSchemas)
    .registerAll(EntitlementEventSchemas)
    .registerAll(CatalogueEventSchemas)
    .registerAll(InstitutionEventSchemas)
    .registerAll(ClassEventSchemas)
    .registerAll(TraineeEventSchemas)
    .registerAll(InspectionEventSchemas)
    .registerAll(FindingEventSchemas)
    .registerAll(RecoveryOrderEventSchemas)
    .registerAll(InspectionMattersEventSchemas)
    .registerAll(InspectionPlanEventSchemas)
    .register(PERSONAL_DATA_REVEALED, 1, PersonalDataRevealedSchema);
  registry.assertComplete();
  appRegistries.add(registry);
  return registry;
}

const appRegistries = new WeakSet<EventRegistry>();

/**
 * Whether `registry` came from buildEventRegistry: a worker thread that builds its own
 * (verify's replay threads) checks exactly what the caller's would, and nothing else can be
 * rebuilt there (a thread cannot be handed code).
 */
export function isAppRegistry(registry: EventRegistry): boolean {
  return appRegistries.has(registry);
}
