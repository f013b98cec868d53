import { regionWithin } from '../../access/roles.ts';
import { reject } from '../../domain/decider.ts';
import type { InspectionCommandOf } from '../../domain/inspection/commands.ts';
import { publishedMatter } from '../../domain/inspection-plan/matters/decider.ts';
import { provinceOf } from '../../domain/inspection-plan/region.ts';
import type { AppDeps } from '../app-deps.ts';
import { CommandRejectedError } from '../run-command.ts';
import { loadInspectionMatters } from './draws-matters.ts';
import { loadInspectionPlan } from './draws.ts';

/**
 * What an inspection's opening is checked against outside its own stream.
 *
 * - Nothing off-list (domain.md): every matter it covers is published, not withdrawn, on
 *   the list of its province.
 * - Drawn (双随机): the plan was drawn successfully, and the assignment named is one of its
 *   draw's assignments. An assignment is identified by its subject (a draw assigns each
 *   drawn subject once), so `assignmentId` is the subject's credit code; the inspection is
 *   of that subject, in the region the plan's roster gives it, by exactly the inspectors
 *   drawn for it, and covers the plan's matter. Nobody can swap in an inspector of their
 *   choice or inspect someone the draw did not pick under the draw's name.
 *
 * A plan and a matter list only move forward (a drawn plan stays drawn; a matter withdrawn
 * later was on the list when the opening was decided), so these reads need no guard.
 *
 * Rejection codes (stable, besides the decider's):
 * - inspection.matter_not_listed   a matter not published on the province's list
 * - inspection.draw_not_found      no such plan, or not in the inspection's region
 * - inspection.draw_not_drawn      the plan has not been drawn, or its draw failed
 * - inspection.assignment_not_found  the draw assigned no inspectors to that subject
 * - inspection.assignment_mismatch   institution, region, inspectors or matter differ from the draw's
 */

type Deps = Pick<AppDeps, 'store' | 'cache' | 'locks'>;
type Open = InspectionCommandOf<'OpenInspection'>;

function refuse(code: string, message: string, field: string): never {
  throw new CommandRejectedError(reject(code, message, field));
}

export async function assertMattersListed(deps: Deps, regionCode: string, matterCodes: readonly string[]): Promise<void> {
  const list = await loadInspectionMatters(deps, provinceOf(regionCode));
  const off = matterCodes.findIndex((code) => publishedMatter(list, code) === undefined);
  if (off >= 0) refuse('inspection.matter_not_listed', `matter ${matterCodes[off]} is not on the published list of inspection matters`, `matterCodes.${off}`);
}

export async function assertDrawAssignment(deps: Deps, c: Open, basis: { drawId: string; assignmentId: string }): Promise<void> {
  const plan = await loadInspectionPlan(deps, basis.drawId);
  if (!plan.exists || !regionWithin(plan.regionCode, c.regionCode)) refuse('inspection.draw_not_found', `no inspection plan ${basis.drawId} of this region`, 'basis.drawId');
  const drawn = plan.drawn;
  if (!drawn?.ok) refuse('inspection.draw_not_drawn', `plan ${basis.drawId} has no successful draw`, 'basis.drawId');
  const assignment = drawn.outcome.assignments.find((a) => a.subjectId === basis.assignmentId);
  if (!assignment) refuse('inspection.assignment_not_found', `the draw of ${basis.drawId} assigned nobody to ${basis.assignmentId}`, 'basis.assignmentId');
  if (c.institutionId !== assignment.subjectId) refuse('inspection.assignment_mismatch', 'the institution is not the subject of the assignment', 'institutionId');
  const subject = plan.content.subjects.find((s) => s.id === assignment.subjectId);
  if (subject && subject.region !== c.regionCode) refuse('inspection.assignment_mismatch', `the subject lies in ${subject.region} on the plan's roster`, 'regionCode');
  const drawnTeam = [...assignment.inspectorIds].sort().join();
  if ([...c.inspectorIds].sort().join() !== drawnTeam) refuse('inspection.assignment_mismatch', 'the inspectors are not those drawn for the assignment', 'inspectorIds');
  if (!c.matterCodes.includes(plan.content.matter.matterId)) refuse('inspection.assignment_mismatch', `the plan's matter ${plan.content.matter.matterId} is not covered`, 'matterCodes');
}
