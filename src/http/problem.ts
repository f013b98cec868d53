import { PROBLEM_BASE, problemType, type ProblemSlug } from './problem-types.ts';

export interface FieldError {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An error a handler throws to answer with a specific problem. */
export class ProblemError extends Error {
  constructor(
    readonly slug: ProblemSlug,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? problemType(slug).title);
    this.name = 'ProblemError';
  }

  toProblem(instance?: string): Problem {
    return makeProblem(this.slug, this.message, instance, this.extensions);
  }
}

export function makeProblem(slug: ProblemSlug, detail?: string, instance?: string, extensions: Record<string, unknown> = {}): Problem {
  const t = problemType(slug);
  const p: Problem = { type: PROBLEM_BASE + t.slug, title: t.title, status: t.status, ...extensions };
  if (detail !== undefined) p.detail = detail;
  if (instance !== undefined) p.instance = instance;
  return p;
}
