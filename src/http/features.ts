import type { Feature } from './feature.ts';

/**
 * The route groups `taizhang serve` registers, in order. A feature engineer adds one
 * line here and the routes' rows in access-matrix.ts.
 */
export const FEATURES: readonly Feature[] = [];
