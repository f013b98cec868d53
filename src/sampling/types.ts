/**
 * Inputs and outputs of a draw. Everything a verifier needs is in DrawInput; DrawResult is
 * a pure function of it (docs/sampling.md).
 */

/** SHA-256 as a synchronous function; the pure-JS one in sha256.ts is the default. It must not keep `bytes`. */
export type Sha256 = (bytes: Uint8Array) => Uint8Array;

/** One entry of the subject roster (抽查对象名录库): an institution. */
export interface SubjectEntry {
  readonly id: string;
  /** Administrative region code, e.g. "360100". */
  readonly region: string;
  /** Credit grade, e.g. "A".."D". */
  readonly grade: string;
  /** Subsidy paid over the plan's period, integer fen: the PPS size measure. */
  readonly subsidyPaidFen: number;
  /** Inspectors who inspected this institution last time (rotation recusal). */
  readonly lastInspectorIds?: readonly string[];
}

/** One entry of the inspector roster (执法检查人员名录库). Names stay out: ids only. */
export interface InspectorEntry {
  readonly id: string;
  readonly region: string;
  readonly qualifications?: readonly string[];
  /** Institutions the inspector declared a conflict of interest with. */
  readonly conflictInstitutionIds?: readonly string[];
  /** Institutions the inspector used to work for. */
  readonly formerEmployerIds?: readonly string[];
}

/** The public random value the plan committed to before it existed. */
export type RandomnessSource =
  | { readonly kind: 'drand'; readonly chainHash: string; readonly round: number }
  | { readonly kind: 'lottery'; readonly name: string; readonly drawDate: string };

export type RandomnessValue =
  | { readonly kind: 'drand'; readonly randomness: string; readonly signature?: string }
  /** Groups of non-negative integers, one group per published result (RFC 3797 §4). */
  | { readonly kind: 'lottery'; readonly numbers: readonly (readonly number[])[] };

export interface CommittedRandomness {
  readonly source: RandomnessSource;
  readonly value: RandomnessValue;
}

export type SelectionMethod = 'simple' | 'pps' | 'rfc3797';
export type StratumField = 'region' | 'grade';

/** A stratum with its sample size rule: exactly one of rateBp and count. */
export interface StratumSpec {
  /** The stratum's values of `stratifyBy`, in that order. */
  readonly key: readonly string[];
  /** Sampling rate in basis points (1/10 000); n = ceil(N × rateBp / 10 000). */
  readonly rateBp?: number;
  /** A fixed sample size. */
  readonly count?: number;
}

/** At least `min` drawn subjects in every group of `by` (e.g. every region). */
export interface FloorSpec {
  readonly by: StratumField;
  readonly min: number;
}

export interface SampleDesign {
  readonly method: SelectionMethod;
  readonly stratifyBy: readonly StratumField[];
  readonly strata: readonly StratumSpec[];
  readonly floors?: readonly FloorSpec[];
}

export interface AssignmentRules {
  readonly inspectorsPerSubject: number;
  /** Recuse inspectors from subjects in their own region. */
  readonly excludeOwnRegion: boolean;
  /** Only inspectors holding this qualification are in the pool. */
  readonly requiredQualification?: string;
}

export interface DrawInput {
  readonly planId: string;
  readonly randomness: CommittedRandomness;
  readonly subjects: readonly SubjectEntry[];
  readonly inspectors: readonly InspectorEntry[];
  readonly design: SampleDesign;
  readonly assignment: AssignmentRules;
  /** Roster hashes snapshotted in the plan; a mismatch refuses the draw. */
  readonly expectedRosterHashes?: { readonly subjects?: string; readonly inspectors?: string };
}

export type RecusalRule = 'declared_conflict' | 'former_employer' | 'own_region' | 'rotation';

export interface DrawnSubject {
  readonly id: string;
  readonly stratum: string;
  /** 'allocation': within the stratum's n; 'floor': added to meet floors[floorIndex]. */
  readonly via: 'allocation' | 'floor';
  readonly floorIndex?: number;
  /** The ordering key that selected it (hex ticket, PPS key, or RFC 3797 digest). */
  readonly key: string;
}

export interface StratumOutcome {
  readonly label: string;
  readonly population: number;
  /** n from the rate or count, before floors. */
  readonly allocated: number;
  /** Drawn in total, floors included. */
  readonly drawn: number;
}

export interface SubjectAssignment {
  readonly subjectId: string;
  /** Sorted by id. */
  readonly inspectorIds: readonly string[];
}

export interface LoadSummary {
  readonly eligibleInspectors: number;
  readonly slots: number;
  /** floor(slots / eligible) and ceil(slots / eligible): the balanced band. */
  readonly targetMin: number;
  readonly targetMax: number;
  readonly min: number;
  readonly max: number;
  /** max − min ≤ 1; false only when recusal makes it impossible (max and min then optimal). */
  readonly balanced: boolean;
}

export interface RosterHashes {
  readonly subjects: string;
  readonly inspectors: string;
}

export interface DrawSuccess {
  readonly ok: true;
  readonly algorithm: string;
  readonly seed: string;
  readonly rosterHashes: RosterHashes;
  readonly rfc3797KeyString?: string;
  readonly strata: readonly StratumOutcome[];
  readonly subjects: readonly DrawnSubject[];
  readonly assignments: readonly SubjectAssignment[];
  readonly load: LoadSummary;
}

export interface RecusalProblem {
  readonly subjectId: string;
  readonly needed: number;
  readonly acceptable: number;
  /** For each rule, the pool inspectors it recuses from this subject (sorted ids). */
  readonly recusedBy: Readonly<Record<RecusalRule, readonly string[]>>;
}

export interface DrawFailure {
  readonly ok: false;
  readonly algorithm: string;
  readonly seed: string;
  readonly rosterHashes: RosterHashes;
  readonly rule: 'recusal';
  readonly message: string;
  /** The subjects drawn; the failure is in assigning inspectors to them. */
  readonly subjects: readonly DrawnSubject[];
  readonly problems: readonly RecusalProblem[];
}

export type DrawOutcome = DrawSuccess | DrawFailure;
