/**
 * How big a province to generate, and how much fraud to inject. Rates are per attempt
 * opportunity (per trainee, per class, per institution) and drawn from the seeded PRNG,
 * so the counts are known exactly once the run is over (the report), not in advance.
 */
export interface GeneratorCounts {
  institutions: number;
  trainees: number;
  /** Trainees per class (the last class of an institution may be smaller). */
  classSize: number;
  /** Cities of the province the institutions are spread over (at most 11 for Jiangxi). */
  cities: number;
}

export interface FraudRates {
  /** Per paid application: a second application for the same certificate. */
  duplicateClaim: number;
  /** Per trainee: attended only part of the sessions, the institution claims full hours. */
  hoursShort: number;
  /** Per class: a made-up person (bad ID check digit) or a person off the roster checked in. */
  fakeTrainee: number;
  /** Per trainee: a certificate above the class's level, claiming the higher rate. */
  overStandard: number;
  /** Per institution: suspended, yet it asks to open another class. */
  ineligibleInstitution: number;
}

export interface BusinessRates {
  /** Per application: refused at initial review. */
  reviewReject: number;
  /** Per instructed payment: bounced by the bank, then paid again. */
  bounce: number;
  /** Per paid application: money recovered afterwards. */
  recovery: number;
}

export interface GeneratorPreset {
  counts: GeneratorCounts;
  fraud: FraudRates;
  business: BusinessRates;
}

export const DEFAULT_FRAUD: FraudRates = { duplicateClaim: 0.02, hoursShort: 0.02, fakeTrainee: 0.1, overStandard: 0.01, ineligibleInstitution: 0.06 };
export const DEFAULT_BUSINESS: BusinessRates = { reviewReject: 0.02, bounce: 0.02, recovery: 0.01 };

export const PRESETS = {
  /** Inside the test suite: seconds. */
  tiny: { counts: { institutions: 4, trainees: 60, classSize: 15, cities: 2 }, fraud: { duplicateClaim: 0.1, hoursShort: 0.1, fakeTrainee: 0.5, overStandard: 0.05, ineligibleInstitution: 0.25 }, business: { reviewReject: 0.05, bounce: 0.05, recovery: 0.05 } },
  /** `npm run demo`. */
  small: { counts: { institutions: 50, trainees: 5_000, classSize: 40, cities: 11 }, fraud: DEFAULT_FRAUD, business: DEFAULT_BUSINESS },
  /** About 1 M events (the small preset writes ~15 events per trainee): the scale that must generate within a working session. */
  million: { counts: { institutions: 660, trainees: 66_000, classSize: 40, cities: 11 }, fraud: DEFAULT_FRAUD, business: DEFAULT_BUSINESS },
  province: { counts: { institutions: 600, trainees: 100_000, classSize: 40, cities: 11 }, fraud: DEFAULT_FRAUD, business: DEFAULT_BUSINESS },
  'national-slice': { counts: { institutions: 3_000, trainees: 1_000_000, classSize: 50, cities: 11 }, fraud: DEFAULT_FRAUD, business: DEFAULT_BUSINESS },
} as const satisfies Record<string, GeneratorPreset>;

export type PresetName = keyof typeof PRESETS;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}
