import { ROLES, type Role } from '../access/roles.ts';

/**
 * THE role × route table: who may call each route under /api. One row per route, keyed
 * `METHOD /url/with/:params` exactly as the route is registered (HEAD follows GET).
 *
 * - `'public'`: no token needed (a token, if sent, must still be valid).
 * - a list of roles: a principal of another role gets a 403 `forbidden` problem.
 *
 * The server refuses to start when an /api route has no row here or a row names no
 * registered route, and test/http/access-matrix.test.ts calls every cell with every role.
 * A row says WHICH ROLES; the region a principal may touch is checked by the route itself
 * with assertInRegion / regionScope (src/http/region-scope.ts).
 *
 * Feature engineers: add your rows in your own block below, in the order of your routes.
 */
export type RouteAccess = 'public' | readonly Role[];
export type AccessMatrix = ReadonlyMap<string, RouteAccess>;

export const EVERY_ROLE: readonly Role[] = ROLES;

export function routeKey(method: string, url: string): string {
  const m = method.toUpperCase();
  return `${m === 'HEAD' ? 'GET' : m} ${url}`;
}

const ROWS: Record<string, RouteAccess> = {
  // platform (src/http/routes/platform.ts)
  'GET /api/v1/whoami': EVERY_ROLE,

  // catalogue (src/http/routes/catalogue.ts): the province's admins keep the project catalogue; reads are under /public
  'POST /api/v1/catalogues/:catalogueId/projects': ['admin'],
  'POST /api/v1/catalogues/:catalogueId/projects/:projectId/revisions': ['admin'],
  'POST /api/v1/catalogues/:catalogueId/projects/:projectId/retirement': ['admin'],

  // institutions (src/http/routes/institutions.ts): registrars register; listing, occupations, grade and every
  // status-changing sanction are admins' decisions; inspectors record interviews and rectification notices
  'POST /api/v1/institutions': ['registrar', 'admin'],
  'POST /api/v1/institutions/:creditCode/listing': ['admin'],
  'POST /api/v1/institutions/:creditCode/occupations': ['admin'],
  'POST /api/v1/institutions/:creditCode/credit-grade': ['admin'],
  'POST /api/v1/institutions/:creditCode/interviews': ['inspector', 'admin'],
  'POST /api/v1/institutions/:creditCode/rectification-notices': ['inspector', 'admin'],
  'POST /api/v1/institutions/:creditCode/suspension': ['admin'],
  'POST /api/v1/institutions/:creditCode/suspension-lifting': ['admin'],
  'POST /api/v1/institutions/:creditCode/delisting': ['admin'],
  'POST /api/v1/institutions/:creditCode/blacklisting': ['admin'],
  'POST /api/v1/institutions/:creditCode/blacklist-removal': ['admin'],
  'POST /api/v1/institutions/:creditCode/licence-revocation': ['admin'],
  'GET /api/v1/institutions/:creditCode': EVERY_ROLE,

  // trainees (src/http/routes/trainees.ts): registrars keep the records; the roles working with people look them
  // up; auditors read masked records only (REVEAL_ROLES in personal-data.ts decides what is ever unmasked)
  'POST /api/v1/trainees': ['registrar'],
  'POST /api/v1/trainees/lookup': ['registrar', 'reviewer', 'finance', 'inspector', 'admin'],
  'POST /api/v1/trainees/:personRef/category': ['registrar'],
  'POST /api/v1/trainees/:personRef/insurance': ['registrar'],
  'POST /api/v1/trainees/:personRef/certificates': ['registrar'],
  'GET /api/v1/trainees/:personRef': ['registrar', 'reviewer', 'finance', 'inspector', 'admin', 'auditor'],

  // classes (src/http/routes/classes.ts): registrars file the request and the class's records; reviewers decide
  'POST /api/v1/classes': ['registrar'],
  'POST /api/v1/classes/:classId/approval': ['reviewer'],
  'POST /api/v1/classes/:classId/refusal': ['reviewer'],
  'POST /api/v1/classes/:classId/sessions': ['registrar'],
  'POST /api/v1/classes/:classId/completion': ['registrar'],
  'POST /api/v1/classes/:classId/assessment-results': ['registrar'],
  'GET /api/v1/classes/:classId': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],

  // funds (src/http/routes/funds.ts): finance opens funds and books what comes in; reviewers read a fund to
  // approve on it; inspectors and auditors trace. Money leaves only through the application sagas below.
  'POST /api/v1/funds': ['finance'],
  'POST /api/v1/funds/:fundId/allocations': ['finance'],
  'POST /api/v1/funds/:fundId/adjustments': ['finance'],
  'GET /api/v1/funds/:fundId': ['finance', 'reviewer', 'inspector', 'auditor', 'admin'],

  // applications (src/http/routes/applications.ts): registrars submit (for the trainee, or as the institution's
  // agent under a proxy agreement) and withdraw; reviewers do both reviews (four eyes), publicity, objections and
  // the approval that commits funds; the others read (payment trace)
  'POST /api/v1/applications': ['registrar'],
  'POST /api/v1/applications/:applicationId/initial-review': ['reviewer'],
  'POST /api/v1/applications/:applicationId/final-review': ['reviewer'],
  'POST /api/v1/applications/:applicationId/publicity': ['reviewer'],
  'POST /api/v1/applications/:applicationId/objections': ['reviewer'],
  'POST /api/v1/applications/:applicationId/objections/:objectionId/resolution': ['reviewer'],
  'POST /api/v1/applications/:applicationId/approval': ['reviewer'],
  'POST /api/v1/applications/:applicationId/withdrawal': ['registrar'],
  'GET /api/v1/applications/:applicationId': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],

  // payments and recoveries (src/http/routes/payments.ts): finance only
  'POST /api/v1/applications/:applicationId/payments': ['finance'],
  'POST /api/v1/applications/:applicationId/payments/:paymentId/confirmation': ['finance'],
  'POST /api/v1/applications/:applicationId/payments/:paymentId/bounce': ['finance'],
  'POST /api/v1/applications/:applicationId/recoveries': ['finance'],

  // draws (src/http/routes/draws.ts): the province's admins keep the list of inspection matters; inspectors (and
  // admins) draft a plan, commit its randomness, enter the value and draw; auditors read plans, drafts included.
  // The published records are under /public/draws (src/http/routes/public-draws.ts)
  'POST /api/v1/inspection-matter-lists/:listId/matters': ['admin'],
  'POST /api/v1/inspection-matter-lists/:listId/matters/:matterId/withdrawal': ['admin'],
  'POST /api/v1/inspection-plans': ['inspector', 'admin'],
  'POST /api/v1/inspection-plans/:planId/revisions': ['inspector', 'admin'],
  'POST /api/v1/inspection-plans/:planId/randomness-commitment': ['inspector', 'admin'],
  'POST /api/v1/inspection-plans/:planId/randomness-value': ['inspector', 'admin'],
  'POST /api/v1/inspection-plans/:planId/draw': ['inspector', 'admin'],
  'GET /api/v1/inspection-plans/:planId': ['inspector', 'admin', 'auditor'],
  'GET /api/v1/inspection-plans': ['inspector', 'admin', 'auditor'],

  // inspections (src/http/routes/inspections.ts): inspectors and admins open one (from a draw's assignment or special);
  // the team's inspectors record matters, evidence, results and completion; publication by inspectors or admins
  'POST /api/v1/inspections': ['inspector', 'admin'],
  'POST /api/v1/inspections/:inspectionId/matters-checked': ['inspector'],
  'POST /api/v1/inspections/:inspectionId/evidence': ['inspector'],
  'POST /api/v1/inspections/:inspectionId/results': ['inspector'],
  'POST /api/v1/inspections/:inspectionId/completion': ['inspector'],
  'POST /api/v1/inspections/:inspectionId/publication': ['inspector', 'admin'],
  'GET /api/v1/inspections/:inspectionId': ['inspector', 'admin', 'auditor'],

  // findings (src/http/routes/findings.ts): inspectors raise, verify (four eyes) and close; the responsible unit has no
  // login, so its rectification and extension requests are recorded by a registrar or an inspector (the recorder never
  // verifies); admins decide extensions, issue sanctions and run the overdue sweep; every role reads its region's findings
  'POST /api/v1/findings': ['inspector'],
  'POST /api/v1/findings/:findingId/recusals': ['inspector'],
  'POST /api/v1/findings/:findingId/rectifications': ['registrar', 'inspector'],
  'POST /api/v1/findings/:findingId/verifications': ['inspector'],
  'POST /api/v1/findings/:findingId/closure': ['inspector'],
  'POST /api/v1/findings/:findingId/deadline-extensions': ['registrar', 'inspector'],
  'POST /api/v1/findings/:findingId/deadline-extensions/:extensionId/decision': ['admin'],
  'POST /api/v1/findings/:findingId/withdrawal': ['inspector', 'admin'],
  'POST /api/v1/findings/:findingId/sanctions': ['admin'],
  'POST /api/v1/overdue-rectification-sweeps': ['admin'],
  'GET /api/v1/findings/:findingId': EVERY_ROLE,

  // recovery orders (src/http/routes/recovery-orders.ts): inspectors and admins issue and withdraw; finance records
  // the money coming back (through the fund's events)
  'POST /api/v1/recovery-orders': ['inspector', 'admin'],
  'POST /api/v1/recovery-orders/:orderId/recoveries': ['finance'],
  'POST /api/v1/recovery-orders/:orderId/withdrawal': ['inspector', 'admin'],
  'GET /api/v1/recovery-orders/:orderId': ['finance', 'inspector', 'auditor', 'admin'],

  // read models (src/http/routes/queries-money.ts, queries-registry.ts; issue 5): lists filtered by the principal's
  // region in SQL, single records checked against it. Money lists and traces: the roles that approve, pay, inspect
  // and audit (registrars see the applications they file and a person's claims, not the funds or the traces)
  'GET /api/v1/funds': ['finance', 'reviewer', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/fund-totals': ['finance', 'reviewer', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/fund-months': ['finance', 'reviewer', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/applications': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/application-counts': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/applications/:applicationId/trace': ['finance', 'reviewer', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/payments/:paymentId/trace': ['finance', 'reviewer', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/trainees/:personRef/subsidies': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/institutions': EVERY_ROLE,
  'GET /api/v1/institution-sanctions': EVERY_ROLE,
  'GET /api/v1/classes': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],
  'GET /api/v1/classes/:classId/attendance': ['registrar', 'reviewer', 'finance', 'inspector', 'auditor', 'admin'],

  // problem ledger and rectification tracking (src/http/routes/problem-ledger.ts, rectification.ts; issue 8): the
  // offices that raise, recover, audit and decide on findings read the ledger in their region; the public results of
  // inspections are under /public/inspection-results (src/http/routes/disclosure.ts)
  'GET /api/v1/problem-ledger': ['inspector', 'finance', 'auditor', 'admin'],
  'GET /api/v1/problem-ledger/export': ['inspector', 'finance', 'auditor', 'admin'],
  'GET /api/v1/problem-ledger/:findingId': ['inspector', 'finance', 'auditor', 'admin'],
  'GET /api/v1/rectification/summary': ['inspector', 'finance', 'auditor', 'admin'],

  // integrity (src/http/routes/integrity.ts): the Merkle log's key, checkpoints, proofs and roots; hashes only, for anyone
  'GET /api/v1/integrity/key': 'public',
  'GET /api/v1/integrity/checkpoint': 'public',
  'GET /api/v1/integrity/inclusion': 'public',
  'GET /api/v1/integrity/consistency': 'public',
  'GET /api/v1/integrity/root': 'public',
};

export const ACCESS_MATRIX: AccessMatrix = new Map(Object.entries(ROWS));

/** A matrix with extra rows (tests, benchmarks); a key already present is a programming error. */
export function extendMatrix(base: AccessMatrix, rows: Record<string, RouteAccess>): AccessMatrix {
  const merged = new Map(base);
  for (const [key, access] of Object.entries(rows)) {
    if (merged.has(key)) throw new Error(`access matrix: ${key} is listed twice`);
    merged.set(key, access);
  }
  return merged;
}

/** Differences between the matrix and the /api routes registered: both lists must be empty. */
export function matrixGaps(matrix: AccessMatrix, apiRoutes: readonly string[]): { unlisted: string[]; unregistered: string[] } {
  const registered = new Set(apiRoutes);
  return {
    unlisted: [...registered].filter((k) => !matrix.has(k)).sort(),
    unregistered: [...matrix.keys()].filter((k) => !registered.has(k)).sort(),
  };
}
