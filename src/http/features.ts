import type { Feature } from './feature.ts';
import { catalogueFeature } from './routes/catalogue.ts';
import { classesFeature } from './routes/classes.ts';
import { institutionsFeature } from './routes/institutions.ts';
import { traineesFeature } from './routes/trainees.ts';

/**
 * The route groups `taizhang serve` registers, in order. A feature engineer adds one
 * line here and the routes' rows in access-matrix.ts.
 */
export const FEATURES: readonly Feature[] = [catalogueFeature, institutionsFeature, traineesFeature, classesFeature];
