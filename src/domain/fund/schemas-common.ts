import { z } from 'zod';
import { BusinessDateSchema } from '../calendar/business-date.ts';
import { EntityIdSchema, looksLikeIdentityNumber } from '../command-input.ts';
import { holdsPersonalNumber } from '../inspection/free-text.ts';
import { SerialNumberSchema } from '../trainee/events.ts';
import { PERSON_REF_PATTERN } from '../trainee/person-ref.ts';
import { MAX_FUND_TOTAL_FEN } from './total-limit.ts';

/**
 * Schemas the three money aggregates (fund, entitlement, application) share. Kept here,
 * beside the fund, because the fund is the aggregate the other two lean on.
 */

/**
 * A caller-chosen identifier (fund, application, payment, allocation …). It becomes part
 * of a stream name (`fund-{id}`); the shared EntityIdSchema also refuses a value shaped
 * like a resident ID number, so nobody makes an identity number an id.
 */
export const RefSchema = EntityIdSchema;

/**
 * A stable reason code such as `documents_incomplete` or `bank.account_closed`. Codes,
 * not free text, so no personal data can be typed into an immutable event.
 */
export const ReasonCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/, 'must be a lower-case code such as documents_incomplete')
  .max(100);

/**
 * A reference to an official document (拨款文件, 追回决定书 …) such as 赣财社〔2026〕12号.
 * Document numbers are public; still bounded so nobody parks a paragraph in one.
 */
export const DocumentRefSchema = z.string().min(1, 'must not be empty').max(200);

/**
 * COMMAND forms of the references a user types into an immutable, exported event: an identity,
 * account or phone number is refused there (the check inspection free text uses). The event
 * schemas keep DocumentRefSchema as it was, so events already stored stay readable.
 */
const NO_PERSONAL_NUMBER = { message: 'must not contain an identity, account or phone number' };
export const DocumentRefInputSchema = DocumentRefSchema.refine((v) => !holdsPersonalNumber(v), NO_PERSONAL_NUMBER);
/** The bank's transaction reference, never an account number. */
export const BankReferenceInputSchema = z.string().min(1).max(100).refine((v) => !holdsPersonalNumber(v), NO_PERSONAL_NUMBER);

/** An amount of money in fen (分): a non-negative safe integer. */
export const FenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** An amount moved: at least one fen. Events keep this bound, so amounts already stored stay readable. */
export const PositiveFenSchema = z.number().int().positive('must be at least 1 fen').max(Number.MAX_SAFE_INTEGER);

const AT_MOST_A_FUND = `must be at most ${MAX_FUND_TOTAL_FEN} fen, the most a fund may take in`;

/** An amount a fund COMMAND moves: at least one fen, at most what a whole fund may hold (total-limit.ts). */
export const CommandFenSchema = z.number().int().positive('must be at least 1 fen').max(MAX_FUND_TOTAL_FEN, AT_MOST_A_FUND);

/** A signed amount a fund COMMAND moves (an adjustment): not zero, at most the fund limit either way. */
export const SignedCommandFenSchema = z
  .number()
  .int()
  .min(-MAX_FUND_TOTAL_FEN, AT_MOST_A_FUND)
  .max(MAX_FUND_TOTAL_FEN, AT_MOST_A_FUND)
  .refine((n) => n !== 0, 'must be a non-zero whole number of fen (negative to take money out)');

/**
 * The shape of a personRef (keyed pseudonym of a resident ID number): `p_` + 22 base64url
 * characters; the one pattern of trainee/person-ref.ts (src/pseudonym/format.ts re-exports it too).
 */
export { PERSON_REF_PATTERN };
export const PersonRefSchema = z.string().regex(PERSON_REF_PATTERN, 'must be a personRef (p_ and 22 base64url characters), never an ID number');

/** 6-digit administrative division code (GB/T 2260), e.g. 360000 Jiangxi, 360100 Nanchang. */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, 'must be a 6-digit administrative division code');

/**
 * A certificate's serial number, as the trainee record defines it, and never shaped like
 * a resident ID number (the serial sits in every money event of the application).
 */
export const CertificateSerialSchema = SerialNumberSchema.refine((v) => !looksLikeIdentityNumber(v), 'a serial number must not be an identity number');

/** 国家职业分类 occupation code, as the catalogue defines it. */
export { OccupationCodeSchema } from '../catalogue/occupation.ts';

export { BusinessDateSchema };

/** The domain's one command parser, re-exported for the money aggregates' imports. */
export { parseCommand } from '../command-input.ts';
