import { z } from 'zod';

/**
 * The rungs of the sanctions ladder (src/domain/institution/sanctions-ladder.ts) a finding
 * can lead to. Lifting a suspension or leaving the blacklist are not sanctions and are
 * issued on the institution directly.
 */
export const SANCTION_STEPS = ['interview', 'rectification_notice', 'suspend', 'delist', 'blacklist', 'revoke_licence'] as const;
export type SanctionStep = (typeof SANCTION_STEPS)[number];
export const SanctionStepSchema = z.enum(SANCTION_STEPS);
