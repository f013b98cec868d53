import { reject, type Rejection } from '../decider.ts';
import type { ClassFacts } from './context.ts';

/**
 * A training subsidy follows real-name training: the named class exists, has been
 * completed (结业), and the person was on its approved roster.
 */
export function requireCompletedClass(cls: ClassFacts | undefined, classId: string): ClassFacts | Rejection {
  if (!cls || cls.classId !== classId) return reject('application.class_not_found', `no class ${classId}`, 'classId');
  if (!cls.completed) return reject('application.class_not_completed', `class ${classId} has not been completed`, 'classId');
  if (!cls.onRoster) return reject('application.trainee_not_in_class', `the person is not on the roster of class ${classId}`, 'personRef');
  return cls;
}
