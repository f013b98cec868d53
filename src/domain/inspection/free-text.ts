import { textSchema } from '../command-input.ts';

/**
 * Free text an inspector or a responsible unit writes into an immutable event
 * (descriptions, measures, conclusions, reasons). It is published in the problem ledger
 * and exported, so it must not carry personal data. Names cannot be told from other
 * words, but the shapes that matter most can: a run of digits shaped like a resident ID
 * number, a bank or social-security-card account, or a mainland mobile number is refused
 * (use the person's masked form or personRef instead). A unified social credit code (17
 * digits and a letter, public) and document numbers pass. Messages never repeat the text.
 */
const IDENTITY_NUMBER_RUN = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/;
const ACCOUNT_RUN = /(?<![0-9A-Za-z])\d{16,19}(?![0-9A-Za-z])/;
const MOBILE_RUN = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/;

/** Whether `text` holds a run of digits shaped like an identity, account or mobile number. */
export function holdsPersonalNumber(text: string): boolean {
  return IDENTITY_NUMBER_RUN.test(text) || ACCOUNT_RUN.test(text) || MOBILE_RUN.test(text);
}

export function freeTextSchema(maxChars: number) {
  return textSchema(maxChars).refine((v) => !holdsPersonalNumber(v), {
    message: 'must not contain an identity, account or phone number: use masked forms',
  });
}
