/**
 * Every problem+json `type` the API can answer with (RFC 9457). The URIs are stable:
 * clients match on them, and /problems lists them with their meaning.
 */
export const PROBLEM_BASE = 'https://taizhang.dev/problems/';

export interface ProblemType {
  slug: string;
  status: number;
  title: string;
  description: string;
}

const list = [
  { slug: 'validation-failed', status: 400, title: 'The request is not valid', description: 'A field of the body, query or path failed validation; `errors` names each field at fault.' },
  { slug: 'malformed-body', status: 400, title: 'The body could not be parsed', description: 'The body is not valid JSON, is empty where JSON was declared, or its length does not match Content-Length.' },
  { slug: 'bad-request', status: 400, title: 'The request could not be understood', description: 'The URL or a header is malformed (for example an invalid percent-encoding).' },
  { slug: 'unauthenticated', status: 401, title: 'A valid bearer token is required', description: 'No token, an unknown token, or a revoked token.' },
  { slug: 'forbidden', status: 403, title: 'Not allowed for this principal', description: 'The role may not use this route (`reason: role`), the resource lies outside the principal\'s region (`reason: region`), or the role may not see unmasked personal data (`reason: reveal`).' },
  { slug: 'not-found', status: 404, title: 'Not found', description: 'No such route or resource.' },
  { slug: 'method-not-allowed', status: 405, title: 'Method not allowed', description: 'The route exists but not for this method.' },
  { slug: 'personal-data-erased', status: 410, title: 'Personal data erased', description: 'The personal data of this person is no longer held (erased after the retention period); only masked forms remain.' },
  { slug: 'wrong-expected-revision', status: 409, title: 'Concurrent change', description: 'Someone else changed the same record first and retries did not settle it; reload and try again.' },
  { slug: 'event-id-conflict', status: 409, title: 'Event id already used', description: 'An event id is already stored with other content or in another stream.' },
  { slug: 'domain-conflict', status: 409, title: 'Conflicts with what already happened', description: 'A rule of the domain refuses the command because of an earlier event (already paid, a serial already taken, a payment in flight); retrying the same command cannot succeed. `code` says which rule.' },
  { slug: 'domain-rejection', status: 422, title: 'Refused by the rules', description: 'The command is well-formed but a rule of the domain refuses it; `code` says which rule.' },
  { slug: 'sum-out-of-range', status: 422, title: 'A sum is too large to answer exactly', description: 'An amount the answer would carry (a sum over many records, or a cumulative figure) exceeds 2^53 − 1 fen, the largest whole number a JSON number holds exactly; it is refused rather than rounded. Ask for fewer records (another region or year).' },
  { slug: 'idempotency-key-reused', status: 422, title: 'Idempotency-Key reused with another request', description: 'The same Idempotency-Key was sent earlier with a different body or route.' },
  { slug: 'idempotency-key-in-flight', status: 409, title: 'Idempotency-Key in use', description: 'A request with the same Idempotency-Key is still being processed.' },
  { slug: 'request-header-too-large', status: 431, title: 'Request header fields too large', description: 'The request\'s headers exceed the server\'s limit; it was not read.' },
  { slug: 'request-timeout', status: 408, title: 'Request timeout', description: 'The request was not received in full in time; it was not read.' },
  { slug: 'uri-too-long', status: 414, title: 'URI too long', description: 'A path parameter exceeds the longest the router accepts.' },
  { slug: 'payload-too-large', status: 413, title: 'Payload too large', description: 'The body exceeds the configured limit.' },
  { slug: 'unsupported-media-type', status: 415, title: 'Unsupported media type', description: 'Send application/json.' },
  { slug: 'rate-limited', status: 429, title: 'Too many requests', description: 'The per-token rate limit was reached; see Retry-After.' },
  { slug: 'not-ready', status: 503, title: 'Read models have not caught up', description: 'The read models did not reach the requested minPosition in time; retry after Retry-After seconds.' },
  { slug: 'shutting-down', status: 503, title: 'The server is shutting down', description: 'The server stopped accepting requests; retry on another node or after Retry-After seconds.' },
  { slug: 'internal', status: 500, title: 'Internal error', description: 'An unexpected error; it is logged with the request id. Nothing was half-written.' },
] as const satisfies readonly ProblemType[];

export type ProblemSlug = (typeof list)[number]['slug'];

export const PROBLEM_TYPES: ReadonlyMap<ProblemSlug, ProblemType> = new Map(list.map((p) => [p.slug, p]));

export function problemType(slug: ProblemSlug): ProblemType {
  const p = PROBLEM_TYPES.get(slug);
  if (!p) throw new Error(`unknown problem type ${slug}`);
  return p;
}
