import { reject, type Rejection } from '../decider.ts';
import type { ClassContext } from './context.ts';

/**
 * 实名制: every trainee on a roster is registered under their real name (through the
 * trainee stream), and no one sits in two classes at the same time: a person on the
 * rosters of overlapping classes is how fake trainees (假学员) and duplicate claims show.
 */
export function checkRoster(classId: string, roster: readonly string[], from: string, to: string, ctx: ClassContext): Rejection | undefined {
  for (let i = 0; i < roster.length; i++) {
    const ref = roster[i] as string;
    if (!ctx.traineeRegistered(ref)) return reject('class.trainee_not_registered', 'a trainee on the roster has no real-name registration', `roster.${i}`);
    const others = ctx.overlappingClasses(ref, from, to).filter((id) => id !== classId);
    if (others.length > 0) {
      return reject('class.trainee_in_overlapping_class', `a trainee on the roster is also on class ${others[0]} at the same dates`, `roster.${i}`);
    }
  }
  return undefined;
}
