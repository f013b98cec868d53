import { reject, type Rejection } from '../decider.ts';

/**
 * 复审 by a different reviewer: the final review is never done by the person who did the
 * initial review (four eyes), whether it approves or rejects.
 */
export function requireDifferentReviewer(initialReviewerId: string | null, finalReviewerId: string): Rejection | undefined {
  if (initialReviewerId === null || initialReviewerId !== finalReviewerId) return undefined;
  return reject('application.same_reviewer', 'the final review must be done by a reviewer other than the initial one', 'reviewerId');
}
