import { z } from 'zod';
import {
  changeTraineeCategory,
  checkedPersonRef,
  loadTrainee,
  lookupTrainee,
  recordCertificate,
  recordInsurance,
  registerTrainee,
  traineeRegionFor,
} from '../../app/services/trainees.ts';
import { RegisterTraineeInputSchema, TraineeLookupInputSchema } from '../../app/services/trainees-input.ts';
import { maskPhone } from '../../domain/masking.ts';
import { ChangeTraineeCategorySchema, RecordCertificateSchema, RecordInsuranceSchema } from '../../domain/trainee/commands.ts';
import { PersonRefSchema } from '../../domain/trainee/person-ref.ts';
import type { RegisteredTrainee } from '../../domain/trainee/state.ts';
import { commandRoute } from '../command-route.ts';
import { defineFeature, servicesOf } from '../feature.ts';
import { revealCaseInScope } from '../../app/services/reveal-case.ts';
import { personalDataFor, RevealQuery, type PersonalValues } from '../personal-data.ts';
import { principalOf } from '../plugins/auth.ts';
import { holdsPersonalNumber } from '../../domain/inspection/free-text.ts';
import { MinPositionQuery } from '../plugins/read-your-writes.ts';
import { ProblemError } from '../problem.ts';
import { problemResponse, problemResponses } from '../problem-schema.ts';

/**
 * Trainees (实名制). Registrars register people and keep their records; the roles that
 * work with people (reviewers, finance, inspectors, admins) may look a person up by the
 * ID number they hold and read the record. Personal data is masked unless the request
 * asks `?reveal=true&purpose=…` and the role may see the field (REVEAL_ROLES in
 * src/http/personal-data.ts): each reveal is recorded as an event first.
 *
 * Region scope (see src/app/services/trainees.ts): a principal with a region reaches a
 * person once the person is on a roster in its region.
 */

const Params = z.object({ personRef: PersonRefSchema });

const GetQuery = MinPositionQuery.extend(RevealQuery.shape).extend({
  caseRef: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]*-[A-Za-z0-9_.-]{1,100}$/, 'a stream name such as application-{id}')
    // recorded in the reveal's immutable event: an ID or account number is no case id
    .refine((v) => !holdsPersonalNumber(v), 'must not contain an identity, account or phone number')
    .optional()
    .describe('with reveal=true: the case being worked, recorded with the reveal'),
});

const PersonalDataSchema = z.object({
  idNumber: z.string(),
  name: z.string(),
  phone: z.string().optional(),
  bankAccount: z.string().optional(),
  bankName: z.string().optional(),
  socialSecurityCard: z.string().optional(),
});

const TraineeSchema = z.object({
  personRef: z.string(),
  birthYear: z.number().int(),
  registeredOn: z.string(),
  categories: z.array(z.object({ from: z.string(), category: z.string(), graduationYear: z.number().int().optional() })),
  insurance: z.object({ months: z.number().int(), asOf: z.string() }).nullable(),
  certificates: z.array(
    z.object({ serialNumber: z.string(), occupationCode: z.string(), level: z.string(), issuedOn: z.string(), issuer: z.string(), classId: z.string().optional() }),
  ),
  personalData: PersonalDataSchema.describe('masked unless revealed'),
  revealed: z.array(z.string()).describe('the fields shown unmasked'),
});

/** The masked forms: from the events, and for the phone and bank name (vault only) masked here. */
function maskedOf(s: RegisteredTrainee, vaulted: { phone?: string | undefined; bankName?: string | undefined } | undefined): PersonalValues {
  const m: PersonalValues = { idNumber: s.maskedId, name: s.maskedName };
  if (vaulted?.phone !== undefined) m.phone = maskPhone(vaulted.phone);
  if (s.bankAccountMasked !== undefined) m.bankAccount = s.bankAccountMasked;
  if (vaulted?.bankName !== undefined) m.bankName = '****';
  if (s.socialSecurityCardMasked !== undefined) m.socialSecurityCard = s.socialSecurityCardMasked;
  return m;
}

export const traineesFeature = defineFeature('trainees', (app, server) => {
  const services = servicesOf(server);
  const clock = server.clock;
  const tags = ['trainees'];

  commandRoute(app, clock, {
    url: '/api/v1/trainees',
    summary: 'Register a trainee by real name: the personal data goes to the vault, the event holds a pseudonym and masked forms',
    tags,
    status: 201,
    body: RegisterTraineeInputSchema,
    handle: ({ request, ctx }) => registerTrainee(services, ctx, request.body as z.input<typeof RegisterTraineeInputSchema>),
  });
  app.post(
    '/api/v1/trainees/lookup',
    {
      schema: {
        summary: 'The pseudonym (personRef) of an ID number you hold, and whether that person is registered; writes nothing',
        tags,
        body: TraineeLookupInputSchema,
        response: { 200: z.object({ personRef: z.string(), registered: z.boolean() }), ...problemResponses },
      },
    },
    async (request) => lookupTrainee(services, principalOf(request), request.body),
  );
  commandRoute(app, clock, {
    url: '/api/v1/trainees/:personRef/category',
    summary: 'Change the trainee’s category (subsidised group) from a date',
    tags,
    params: Params,
    body: ChangeTraineeCategorySchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => changeTraineeCategory(services, ctx, params.personRef, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/trainees/:personRef/insurance',
    summary: 'Record the trainee’s insured months as of a date (skill-upgrade subsidy)',
    tags,
    params: Params,
    body: RecordInsuranceSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => recordInsurance(services, ctx, params.personRef, body),
  });
  commandRoute(app, clock, {
    url: '/api/v1/trainees/:personRef/certificates',
    summary: 'Record a certificate the trainee earned; its serial number belongs to one person only',
    tags,
    params: Params,
    body: RecordCertificateSchema.omit({ type: true }),
    handle: ({ body, params, ctx }) => recordCertificate(services, ctx, params.personRef, body),
  });

  app.get(
    '/api/v1/trainees/:personRef',
    {
      schema: {
        summary: 'A trainee: category, insurance, certificates, and personal data masked (or revealed: ?reveal=true&purpose=…, recorded)',
        tags,
        params: Params,
        querystring: GetQuery,
        response: {
          200: TraineeSchema,
          404: problemResponse('no trainee registered with this personRef'),
          410: problemResponse('the personal data of this person has been erased'),
          ...problemResponses,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const ref = checkedPersonRef(request.params.personRef);
      const s = await loadTrainee(services, ref);
      if (!s.registered) throw new ProblemError('not-found', 'no trainee registered with this personRef');
      const region = await traineeRegionFor(services, principal, ref);
      const vaulted = await services.vault.get(ref);
      const view = await personalDataFor(request, reply, { vault: services.vault, store: services.store, clock, caseInScope: (p, caseRef) => revealCaseInScope(services, p, caseRef) }, {
        personRef: ref,
        region,
        masked: maskedOf(s, vaulted),
        ...(request.query.caseRef === undefined ? {} : { caseRef: request.query.caseRef }),
      });
      return {
        personRef: ref,
        birthYear: s.birthYear,
        registeredOn: s.registeredOn,
        categories: s.categories.map((c) => ({ ...c })),
        insurance: s.insurance ? { ...s.insurance } : null,
        certificates: s.certificates.map((c) => ({ ...c })),
        personalData: view.values as z.infer<typeof PersonalDataSchema>,
        revealed: view.revealed,
      };
    },
  );
});
