import { z } from 'zod';
import { hotSchema } from './compiled-schema.ts';
import { reject, type Rejection } from './decider.ts';

/**
 * Input checks shared by the command schemas of the domain: parsing with the field at
 * fault named, and the shapes of opaque ids. Messages never repeat the input, so a
 * rejected identity number cannot leak through a rejection.
 */

/** `a.b.3.c` from a zod issue path; empty for an issue on the command as a whole. */
function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'symbol' ? p.description ?? '' : String(p))).join('.');
}

/**
 * Parses `input` with `schema`; on failure a Rejection `{prefix}.invalid_command` naming
 * the first field at fault (zod orders issues by field as the schema declares them).
 * Command schemas are strict objects, so an unknown key is refused and named too.
 */
export function parseCommand<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.output<S> | Rejection {
  const result = hotSchema(schema).safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue ? [...issue.path] : [];
  // Strict schemas refuse an unknown key (nothing unexpected, such as a raw account
  // number, may ride along to an event); name that key as the field at fault.
  if (issue?.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = dottedPath(path);
  const message = issue ? `${field || 'command'}: ${issue.message}` : 'invalid command';
  return reject(`${prefix}.invalid_command`, message, field || undefined);
}

/** 17 digits and a check character, or the old 15-digit form: the shape of an identity number. */
const IDENTITY_NUMBER_SHAPE = /^(\d{17}[\dXx]|\d{15})$/;

/**
 * An opaque reference to something held elsewhere (an institution, a class, a teacher):
 * 1–64 characters of letters, digits and `_ . : -`. A value shaped like a resident ID
 * number is refused, so a careless caller cannot make a raw identity number an id that
 * then sits in every event.
 */
export const EntityIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'expected 1–64 letters, digits or _ . : -' })
  .refine((v) => !IDENTITY_NUMBER_SHAPE.test(v), { message: 'an id must not be an identity number' });

/** Whether a string is shaped like a resident identity number (15 or 18 characters). */
export function looksLikeIdentityNumber(v: string): boolean {
  return IDENTITY_NUMBER_SHAPE.test(v);
}

/** Free text a person writes (reasons, plans): trimmed, non-empty, bounded. */
export function textSchema(maxChars: number) {
  return z.string().trim().min(1, { message: 'must not be empty' }).max(maxChars, { message: `at most ${maxChars} characters` });
}

/**
 * A command's fields without its `type` and without keys whose value is undefined, as
 * event data: an optional field left out must not appear as `"x": undefined`, which JSON
 * drops and a deep comparison does not.
 */
export function payloadOf<C extends { readonly type: string }>(command: C): Omit<C, 'type'> {
  const { type: _type, ...rest } = command;
  return compact(rest);
}

/** A shallow copy without the keys whose value is undefined. */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
