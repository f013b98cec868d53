import type { z } from 'zod';
import { parseCatalogueCommand, type AddProjectSchema, type ReviseProjectSchema, type RetireProjectSchema } from '../../domain/catalogue/commands.ts';
import { catalogueDecider } from '../../domain/catalogue/decider.ts';
import type { CatalogueState, CataloguedProject } from '../../domain/catalogue/state.ts';
import { reject } from '../../domain/decider.ts';
import type { AppDeps } from '../app-deps.ts';
import type { CommandContext } from '../command-context.ts';
import type { CommandOutcome } from '../command-outcome.ts';
import { CommandRejectedError, runStep } from '../run-command.ts';
import { commandOrThrow } from './command-input.ts';
import { loadState } from './load-state.ts';
import { assertInScope } from './region-scope.ts';

/**
 * The training-project catalogue (两目录, first half). A province keeps one catalogue,
 * stream `catalogue-{provinceCode}` (e.g. catalogue-360000 for Jiangxi, whose catalogue
 * is set by the provincial department: 赣人社字 documents). A class or application in any
 * region of the province is judged against it (catalogueIdFor). Should a city keep its own
 * catalogue one day, catalogueIdFor is the one place to change.
 *
 * Race: every rule of the catalogue (one project per occupation and level at any date,
 * revisions after the terms in force) spans only this stream, so its expected revision
 * guards them all; concurrent admins are queued, or retried against the winner.
 */

export const CATALOGUE_ID_PATTERN = /^\d{2}0000$/;

export function catalogueStream(catalogueId: string): string {
  return `catalogue-${catalogueId}`;
}

/** The catalogue that applies in a region: its province's. */
export function catalogueIdFor(regionCode: string): string {
  return `${regionCode.slice(0, 2)}0000`;
}

function checkedCatalogueId(ctx: CommandContext, catalogueId: string): string {
  if (!CATALOGUE_ID_PATTERN.test(catalogueId)) {
    throw new CommandRejectedError(reject('catalogue.invalid_command', 'catalogueId: expected a province code such as 360000', 'catalogueId'));
  }
  assertInScope(ctx.principal, catalogueId, 'catalogue');
  return catalogueId;
}

export type AddProjectInput = Omit<z.input<typeof AddProjectSchema>, 'type'>;
export type ReviseProjectInput = Omit<z.input<typeof ReviseProjectSchema>, 'type' | 'projectId'>;
export type RetireProjectInput = Omit<z.input<typeof RetireProjectSchema>, 'type' | 'projectId'>;

async function run(deps: AppDeps, ctx: CommandContext, catalogueId: string, input: Record<string, unknown>): Promise<CommandOutcome> {
  const stream = catalogueStream(checkedCatalogueId(ctx, catalogueId));
  const command = commandOrThrow(parseCatalogueCommand(input));
  const step = await runStep(deps, ctx, stream, catalogueDecider, (s) => catalogueDecider.decide(command, s));
  return { steps: [step], result: { catalogueId, projectId: command.projectId } };
}

export function addProject(deps: AppDeps, ctx: CommandContext, catalogueId: string, input: AddProjectInput): Promise<CommandOutcome> {
  return run(deps, ctx, catalogueId, { ...input, type: 'AddProject' });
}

export function reviseProject(deps: AppDeps, ctx: CommandContext, catalogueId: string, projectId: string, input: ReviseProjectInput): Promise<CommandOutcome> {
  return run(deps, ctx, catalogueId, { ...input, projectId, type: 'ReviseProject' });
}

export function retireProject(deps: AppDeps, ctx: CommandContext, catalogueId: string, projectId: string, input: RetireProjectInput): Promise<CommandOutcome> {
  return run(deps, ctx, catalogueId, { ...input, projectId, type: 'RetireProject' });
}

/** The catalogue as folded from its stream; public data (no person in it). */
export async function loadCatalogue(deps: Pick<AppDeps, 'store' | 'cache' | 'locks'>, catalogueId: string): Promise<CatalogueState> {
  return (await loadState(deps, catalogueStream(catalogueId), catalogueDecider)).state;
}

export interface ProjectView {
  projectId: string;
  occupationCode: string;
  level: string;
  versions: { effectiveFrom: string; occupationName: string; standardHours: number; rateFen: number }[];
  effectiveTo: string | null;
  retired: boolean;
}

export function projectView(p: CataloguedProject): ProjectView {
  return {
    projectId: p.projectId,
    occupationCode: p.occupationCode,
    level: p.level,
    versions: p.versions.map((v) => ({ ...v })),
    effectiveTo: p.effectiveTo ?? null,
    retired: p.retired,
  };
}
