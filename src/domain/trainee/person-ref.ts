import { z } from 'zod';

/**
 * The keyed pseudonym events carry instead of an identity number. Computed by the app
 * layer (src/pseudonym/person-ref.ts: `p_` + 22 base64url characters of an HMAC); the
 * domain only checks its shape. The pattern lives here, and src/pseudonym/format.ts
 * re-exports it, because nothing under src/domain may import from outside it.
 */
export const PERSON_REF_PATTERN = /^p_[A-Za-z0-9_-]{22}$/;

export const PersonRefSchema = z.string().regex(PERSON_REF_PATTERN, { message: 'expected a personRef (p_ followed by 22 base64url characters)' });

export type PersonRef = string;
