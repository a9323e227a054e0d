import { wordsFor } from '../http/requestWords';
import type { Request, RequestHandler, Response, Server } from 'restify';
import { z } from 'zod';
import type { ScheduledSends } from '../app/scheduledSends';
import type { TenantPolicies } from '../app/tenantPolicies';
import type { EntraTokenValidator } from '../auth/entraTokenValidator';
import { minutesOfDay } from '../domain/tenantPolicy';
import { asyncHandler } from '../http/requests';
import { authenticateWith, requireAdmin, userOf } from './authenticate';
import { bodyOf, fieldWords } from './requestBodies';
import { sendCsv } from './csv';
import { AUDIT_COLUMNS, type AskedPeriod, type TenantUsageReports } from '../app/tenantUsage';
import { refuseDetails } from '../http/errors';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, fieldWords('timeOfDay'));
const endOfHours = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, fieldWords('endOfHours'));

const POLICY = z
  .strictObject({
    sendingHours: z.strictObject({ from: timeOfDay, to: endOfHours }),
    caps: z.strictObject({
      // 0: no cap.
      perDay: z.number().int().min(0).max(1000),
      perWeek: z.number().int().min(0).max(5000),
    }),
    overridesAllowed: z.boolean(),
    whenLate: z.enum(['send', 'miss']),
  })
  .refine((policy) => minutesOfDay(policy.sendingHours.from) < minutesOfDay(policy.sendingHours.to), {
    path: ['sendingHours', 'to'],
    message: fieldWords('laterThanFrom'),
  })
  .refine((policy) => policy.caps.perWeek === 0 || policy.caps.perWeek >= policy.caps.perDay, {
    path: ['caps', 'perWeek'],
    message: fieldWords('atLeastPerDay'),
  });

/**
 * `GET` / `PUT /api/admin/policy`: the tenant's send policy (sending hours in the attendee's zone,
 * caps per number, whether organizers may override with a reason, what happens to texts that came
 * due while the app was stopped). Only for the app role `AppointmentSms.Admin`.
 */
export function registerAdminRoutes(
  server: Server,
  deps: { validator: EntraTokenValidator; policies: TenantPolicies; scheduled: ScheduledSends; usage: TenantUsageReports },
): void {
  const authenticate = authenticateWith(deps.validator);
  server.get(
    '/api/admin/policy',
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (!requireAdmin(req, res, 'seePolicy')) return;
      res.send(200, await deps.policies.get(userOf(req).tenantId));
    }),
  );
  server.put(
    '/api/admin/policy',
    authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      if (!requireAdmin(req, res, 'changePolicy')) return;
      const policy = bodyOf(req, res, POLICY, { nothingDone: 'policy' });
      if (!policy) return;
      const user = userOf(req);
      const saved = await deps.policies.set(user.tenantId, policy, user.oid);
      // Texts held under the old hours are judged by the new ones: what now may go goes, what may not waits.
      const moved = await deps.scheduled.rejudge(user.tenantId);
      res.send(200, { ...saved, heldTextsMoved: moved });
    }),
  );
  registerUsageRoutes(server, { authenticate, usage: deps.usage });
}

/**
 * `GET /api/admin/usage` and `GET /api/admin/audit.csv?from&to&timeZone`: what the app did for the
 * tenant over whole days in a zone (the last 30 days when no dates are given).
 */
function registerUsageRoutes(server: Server, deps: { authenticate: RequestHandler; usage: TenantUsageReports }): void {
  const periodAsked = (req: Request, res: Response, what: 'seeUsage' | 'exportAudit'): AskedPeriod | undefined => {
    if (!requireAdmin(req, res, what)) return undefined;
    const query = (req.query ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : undefined);
    const asked = deps.usage.periodOf({ from: text('from'), to: text('to'), timeZone: text('timeZone') }, wordsFor(req));
    if (asked.ok) return asked.value;
    const details = asked.error.map((problem) => ({ code: 'invalidValue', target: problem.field, message: problem.message }));
    refuseDetails(req, res, details, wordsFor(req).rest.nothingDone.usage);
    return undefined;
  };
  server.get(
    '/api/admin/usage',
    deps.authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const asked = periodAsked(req, res, 'seeUsage');
      if (!asked) return;
      res.send(200, await deps.usage.usage(userOf(req).tenantId, asked, wordsFor(req)));
    }),
  );
  server.get(
    '/api/admin/audit.csv',
    deps.authenticate,
    asyncHandler(async (req: Request, res: Response) => {
      const asked = periodAsked(req, res, 'exportAudit');
      if (!asked) return;
      const { from, to } = asked.period;
      const cutOff = await sendCsv(res, {
        fileName: `appointment-sms-audit-${from}-to-${to}.csv`,
        head: AUDIT_COLUMNS,
        rows: deps.usage.auditRows(userOf(req).tenantId, asked),
      });
      // The answer has begun: nothing can be said to the admin now but the cut connection.
      if (cutOff) req.log.warn({ err: { name: cutOff.name, message: cutOff.message }, requestId: req.getId() }, 'audit export cut off');
    }),
  );
}
