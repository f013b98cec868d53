import { assertNever } from '../decider.ts';
import type { InspectionCommand } from './commands.ts';

/**
 * The business date a person states in each inspection command, with its field name: the
 * one date the inspection decider checks against the request's own day
 * (requireNotAfterToday). Each records something the team did (started, checked a
 * matter, attached a file, decided a subject, ended, published): none can have happened
 * tomorrow. The publication deadline is counted by the decider, never stated.
 */
export function statedInspectionDateOf(c: InspectionCommand): readonly [field: string, date: string] {
  switch (c.type) {
    case 'OpenInspection':
      return ['startedOn', c.startedOn];
    case 'RecordMatterChecked':
      return ['checkedOn', c.checkedOn];
    case 'AttachEvidence':
      return ['attachedOn', c.attachedOn];
    case 'RecordSubjectResult':
      return ['recordedOn', c.recordedOn];
    case 'CompleteInspection':
      return ['endedOn', c.endedOn];
    case 'PublishInspectionResults':
      return ['publishedOn', c.publishedOn];
    default:
      return assertNever(c);
  }
}
