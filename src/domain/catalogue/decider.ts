import { compareBusinessDates } from '../calendar/business-date.ts';
import { assertNever, isRejection, reject, type Decider, type Decision, type Rejection } from '../decider.ts';
import type { AddProject, CatalogueCommand, ReviseProject, RetireProject } from './commands.ts';
import type { CatalogueEvent } from './events.ts';
import { overlappingProject } from './one-project-per-level.ts';
import { initialCatalogueState, latestVersion, type CatalogueState, type CataloguedProject } from './state.ts';

/**
 * Rejection codes (stable):
 * - catalogue.invalid_command            the command failed its schema (field named)
 * - catalogue.project_exists             AddProject with an id already used
 * - catalogue.effective_to_before_from   a project that would end before it starts
 * - catalogue.project_overlaps           another project for the same occupation and level overlaps
 * - catalogue.project_not_found          revise or retire an unknown project
 * - catalogue.project_retired            revise or retire a project already retired
 * - catalogue.revision_not_after_current a revision must start after the latest terms start
 * - catalogue.revision_after_end         a revision starting after the project's last day
 * - catalogue.revision_changes_nothing   a revision with the terms already in force
 * - catalogue.retire_before_latest_terms retiring before the latest terms start would erase them
 * - catalogue.retire_extends_term        retiring may end a project earlier, never later
 */
export type CatalogueDecision = Decision<CatalogueEvent>;

function addProject(c: AddProject, s: CatalogueState): CatalogueDecision {
  if (s.projects.has(c.projectId)) return reject('catalogue.project_exists', `project ${c.projectId} is already catalogued`, 'projectId');
  if (c.effectiveTo !== undefined && compareBusinessDates(c.effectiveTo, c.effectiveFrom) < 0) {
    return reject('catalogue.effective_to_before_from', 'effectiveTo is before effectiveFrom', 'effectiveTo');
  }
  const other = overlappingProject(s, c.occupationCode, c.level, c.effectiveFrom, c.effectiveTo);
  if (other !== undefined) {
    return reject('catalogue.project_overlaps', `project ${other} already covers ${c.occupationCode} at ${c.level} in that period`, 'effectiveFrom');
  }
  const { type: _type, effectiveTo, ...rest } = c;
  return [{ type: 'ProjectAdded', data: effectiveTo === undefined ? rest : { ...rest, effectiveTo } }];
}

function existingProject(projectId: string, s: CatalogueState): CataloguedProject | Rejection {
  const p = s.projects.get(projectId);
  if (!p) return reject('catalogue.project_not_found', `no catalogued project ${projectId}`, 'projectId');
  if (p.retired) return reject('catalogue.project_retired', `project ${projectId} is retired`, 'projectId');
  return p;
}

function reviseProject(c: ReviseProject, s: CatalogueState): CatalogueDecision {
  const p = existingProject(c.projectId, s);
  if (isRejection(p)) return p;
  const latest = latestVersion(p);
  if (compareBusinessDates(c.effectiveFrom, latest.effectiveFrom) <= 0) {
    return reject('catalogue.revision_not_after_current', `a revision must start after ${latest.effectiveFrom}`, 'effectiveFrom');
  }
  if (p.effectiveTo !== undefined && compareBusinessDates(c.effectiveFrom, p.effectiveTo) > 0) {
    return reject('catalogue.revision_after_end', `project ${p.projectId} ends on ${p.effectiveTo}`, 'effectiveFrom');
  }
  if (c.occupationName === latest.occupationName && c.standardHours === latest.standardHours && c.rateFen === latest.rateFen) {
    return reject('catalogue.revision_changes_nothing', 'the revised terms equal the terms in force', 'rateFen');
  }
  const { type: _type, ...data } = c;
  return [{ type: 'ProjectRevised', data }];
}

function retireProject(c: RetireProject, s: CatalogueState): CatalogueDecision {
  const p = existingProject(c.projectId, s);
  if (isRejection(p)) return p;
  const latest = latestVersion(p);
  if (compareBusinessDates(c.lastDay, latest.effectiveFrom) < 0) {
    return reject('catalogue.retire_before_latest_terms', `terms in force from ${latest.effectiveFrom} would never apply`, 'lastDay');
  }
  if (p.effectiveTo !== undefined && compareBusinessDates(c.lastDay, p.effectiveTo) > 0) {
    return reject('catalogue.retire_extends_term', `project ${p.projectId} already ends on ${p.effectiveTo}`, 'lastDay');
  }
  const { type: _type, ...data } = c;
  return [{ type: 'ProjectRetired', data }];
}

export function decideCatalogue(command: CatalogueCommand, state: CatalogueState): CatalogueDecision {
  switch (command.type) {
    case 'AddProject':
      return addProject(command, state);
    case 'ReviseProject':
      return reviseProject(command, state);
    case 'RetireProject':
      return retireProject(command, state);
    default:
      return assertNever(command);
  }
}

function update(state: CatalogueState, projectId: string, change: (p: CataloguedProject) => CataloguedProject): CatalogueState {
  const p = state.projects.get(projectId);
  if (!p) throw new Error(`invariant violated: event for unknown project ${projectId}`);
  state.projects.set(projectId, change(p));
  return state;
}

export function evolveCatalogue(state: CatalogueState, event: CatalogueEvent): CatalogueState {
  switch (event.type) {
    case 'ProjectAdded': {
      const d = event.data;
      state.projects.set(d.projectId, {
        projectId: d.projectId,
        occupationCode: d.occupationCode,
        level: d.level,
        versions: [{ effectiveFrom: d.effectiveFrom, occupationName: d.occupationName, standardHours: d.standardHours, rateFen: d.rateFen }],
        effectiveTo: d.effectiveTo,
        retired: false,
      });
      return state;
    }
    case 'ProjectRevised': {
      const d = event.data;
      const terms = { effectiveFrom: d.effectiveFrom, occupationName: d.occupationName, standardHours: d.standardHours, rateFen: d.rateFen };
      return update(state, d.projectId, (p) => ({ ...p, versions: [...p.versions, terms] }));
    }
    case 'ProjectRetired':
      return update(state, event.data.projectId, (p) => ({ ...p, effectiveTo: event.data.lastDay, retired: true }));
    default:
      return assertNever(event);
  }
}

export const catalogueDecider: Decider<CatalogueCommand, CatalogueState, CatalogueEvent> & { name: string } = {
  name: 'catalogue',
  decide: decideCatalogue,
  evolve: evolveCatalogue,
  initialState: initialCatalogueState,
};
