import { isIP } from 'node:net';
import { z } from 'zod';
import { ok, refused, type Result } from './domain/result';
import type { TenantPolicy } from './domain/tenantPolicy';
import type { TelemetryConfig } from './telemetry/startTelemetry';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const httpsUrl = (what: string) =>
  z
    .string()
    .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', `must be an https URL (${what})`)
    .transform((value) => value.replace(/\/+$/, ''));

const guid = (what: string) => z.string().regex(GUID, `must be a GUID (${what})`);

/** A number setting, said in words ("must be a whole number from 0 to 65535, not "abc""), never zod's "received nan". */
const numberFrom = (min: number, max: number, fallback: number, options: { whole?: boolean } = { whole: true }) =>
  z
    .string()
    .default(String(fallback))
    .transform((text, context) => {
      const value = Number(text.trim());
      const ok =
        text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max && (!options.whole || Number.isInteger(value));
      if (!ok)
        context.addIssue({
          code: z.ZodIssueCode.custom,
          message: `must be ${options.whole ? 'a whole number' : 'a number'} from ${min} to ${max}, not "${text}"`,
        });
      return value;
    });

const HOURS = /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Where `npm start` finds a secret: the environment, or the .localConfigs the Toolkit writes (never env/.env.*.user). */
const SECRET_FROM = 'set it in the environment, or in .localConfigs, which `teamsapp deploy --env local` writes';

/** Teams Toolkit's names where they exist (README, "Configuration"). */
const schema = z.object({
  PORT: numberFrom(0, 65535, 3978),
  // App Service forwards to every address; a host behind its own proxy can keep to loopback.
  HOST: z
    .string()
    .refine((host) => isIP(host) !== 0 || host === 'localhost', 'must be an IP address to listen on (0.0.0.0, 127.0.0.1, ::) or localhost')
    .default('0.0.0.0'),
  AAD_APP_CLIENT_ID: guid("the Entra app's client id; Teams Toolkit's aadApp/create sets it"),
  AAD_APP_CLIENT_SECRET: z.string().min(1, `must be set (the Entra app's client secret: ${SECRET_FROM}; never in the repo)`),
  AAD_APP_TENANT_ID: guid('the tenant the app serves'),
  AAD_APP_OAUTH_AUTHORITY_HOST: httpsUrl('the Entra authority host').default('https://login.microsoftonline.com'),
  ALLOWED_TENANT_IDS: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((tenant) => tenant.trim())
        .filter(Boolean),
    )
    .refine((tenants) => tenants.every((tenant) => GUID.test(tenant)), 'must be a comma-separated list of tenant GUIDs'),
  GRAPH_BASE_URL: httpsUrl('Graph sends tokens only over TLS').default('https://graph.microsoft.com'),
  GRAPH_API_VERSION: z.enum(['v1.0', 'beta']).default('v1.0'),
  GRAPH_TIMEOUT_SECONDS: numberFrom(1, 120, 15, { whole: false }),
  BOT_ID: z.string().regex(GUID, "must be a GUID (the bot's Microsoft App ID)").optional(),
  APP_MODE: z.enum(['production', 'playground']).default('production'),
  BOT_PASSWORD: z.string().optional(),
  // A managed identity would need Azure's identity endpoint for the bot's outbound tokens; the app
  // signs in with BOT_PASSWORD, so it says so here instead of failing on the first reply.
  BOT_TYPE: z
    .enum(['MultiTenant', 'SingleTenant'], {
      errorMap: () => ({
        message: 'must be SingleTenant or MultiTenant (UserAssignedMSI is not supported: give the bot a client secret in BOT_PASSWORD)',
      }),
    })
    .default('MultiTenant'),
  BOT_TENANT_ID: guid("the bot's tenant for SingleTenant bots").optional(),
  BOT_OPENID_METADATA_URL: z.string().url().optional(),
  BOT_OAUTH_URL: z.string().url().optional(),
  OAUTH_CONNECTION_NAME: z.string().default('AppointmentSmsSso'),
  AAD_APP_ID_URI: z.string().startsWith('api://', 'must start with api:// (the App ID URI Teams SSO asks tokens for)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  STORAGE: z.enum(['sqlite', 'blob']).default('sqlite'),
  SQLITE_PATH: z.string().default('./data/appointment-sms.db'),
  AZURE_STORAGE_CONNECTION_STRING: z.string().optional(),
  // 57, not Azure's 63: the app adds "-state" for bot state.
  AZURE_STORAGE_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,55}[a-z0-9]$/, 'must be 3-57 lower-case letters, digits and single hyphens')
    .default('appointment-sms'),
  AUDIT_RETENTION_DAYS: numberFrom(1, 3650, 180),
  AUDIT_HASH_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  // The send policy's defaults for every tenant; each tenant's admins may set their own (/api/admin/policy).
  SENDING_HOURS: z
    .string()
    .regex(HOURS, 'must be HH:MM-HH:MM, 24-hour (08:00-21:00; 00:00-24:00 for any time)')
    // Only hours written right can be in the wrong order: one line for one mistake.
    .refine((hours) => !HOURS.test(hours) || hours.split('-')[0] < hours.split('-')[1], 'must end later in the day than it starts')
    .default('08:00-21:00'),
  // 0: no cap.
  TEXT_CAP_PER_DAY: numberFrom(0, 1000, 3),
  TEXT_CAP_PER_WEEK: numberFrom(0, 5000, 6),
  POLICY_OVERRIDES_ALLOWED: z.enum(['true', 'false']).default('true'),
  SCHEDULED_WHEN_LATE: z.enum(['send', 'miss']).default('send'),
  SCHEDULE_POLL_SECONDS: numberFrom(0.2, 300, 10, { whole: false }),
  // How long after an appointment starts with nobody but its organizer in it they are asked whether to text a reminder.
  NUDGE_AFTER_MINUTES: numberFrom(0, 60, 5, { whole: false }),
  // Telemetry (README "Telemetry"): OpenTelemetry's and Application Insights' own names; nothing is exported when both are unset.
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .string()
    .refine(
      (value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol),
      'must be an http(s) URL (an OTLP/HTTP collector, e.g. http://localhost:4318)',
    )
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  APPLICATIONINSIGHTS_CONNECTION_STRING: z
    .string()
    .regex(/InstrumentationKey=/i, "must be Application Insights' connection string (InstrumentationKey=…;IngestionEndpoint=…)")
    .optional(),
  OTEL_METRIC_EXPORT_INTERVAL: numberFrom(100, 3_600_000, 60_000),
});

function isLoopback(url: string | undefined): boolean {
  if (!url || !URL.canParse(url)) return false;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);
}

/** Rules across settings, checked on the raw environment so they are reported with every other problem. */
function crossSettingProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const playground = env.APP_MODE === 'playground';
  // Without BOT_ID botbuilder accepts unsigned activities: only ever for the local Playground.
  if (!env.BOT_ID && !playground) problems.push('BOT_ID is missing (only APP_MODE=playground runs without it)');
  if (playground && !isLoopback(env.GRAPH_BASE_URL))
    problems.push('APP_MODE=playground needs GRAPH_BASE_URL on this machine (the Graph sandbox): it never texts real people');
  if (env.STORAGE === 'blob' && !env.AZURE_STORAGE_CONNECTION_STRING)
    problems.push('AZURE_STORAGE_CONNECTION_STRING is required when STORAGE=blob');
  // Both halves of the bot's identity at once, so a first start names everything to fix.
  if (!env.BOT_PASSWORD && (env.BOT_ID || !playground)) {
    problems.push(
      env.BOT_ID ? 'BOT_PASSWORD is required when BOT_ID is set' : `BOT_PASSWORD is missing (the bot's client secret: ${SECRET_FROM})`,
    );
  }
  if (env.BOT_TYPE === 'SingleTenant' && !env.BOT_TENANT_ID) problems.push('BOT_TENANT_ID is required when BOT_TYPE=SingleTenant');
  return problems;
}

/** Every environment variable the app reads (what an App Service's settings may name). */
export const CONFIG_NAMES: readonly string[] = Object.keys(schema.shape);

export interface AppConfig {
  host: string;
  port: number;
  entra: { clientId: string; clientSecret: string; tenantId: string; authorityHost: string; allowedTenantIds: string[] };
  graph: { baseUrl: string; apiVersion: 'v1.0' | 'beta'; attemptTimeoutMs: number };
  /** `playground`: anonymous bot and sandbox Graph, only with the Playground's identity injected (dev/playground). */
  mode: 'production' | 'playground';
  /** Empty `id` only in playground mode. */
  bot: {
    id?: string;
    password?: string;
    type: 'MultiTenant' | 'SingleTenant';
    tenantId?: string;
    openIdMetadataUrl?: string;
    oauthUrl?: string;
  };
  sso: { connectionName: string; appIdUri: string };
  storage: { kind: 'sqlite'; path: string } | { kind: 'blob'; connectionString: string; container: string };
  audit: { retentionDays: number; hashKey: string };
  /** Every tenant's send policy until its admins set one. */
  defaultPolicy: TenantPolicy;
  schedulePollMs: number;
  nudgeAfterMs: number;
  telemetry: TelemetryConfig;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
}

/** The configuration, or every problem with it, one line each. */
export type ConfigResult = Result<AppConfig, string[]>;

/** Reads the environment; every missing or invalid setting is one line saying what and why. */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const blankAsMissing = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = schema.safeParse(blankAsMissing);
  const problems = [
    ...(parsed.error?.issues ?? []).map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      const missing = issue.code === 'invalid_type' && blankAsMissing[name] === undefined;
      return missing ? `${name} is missing` : `${name} ${issue.message}`;
    }),
    ...crossSettingProblems(blankAsMissing),
  ];
  if (!parsed.success || problems.length > 0) return refused(problems);
  const env_ = parsed.data;
  return ok({
    host: env_.HOST,
    port: env_.PORT,
    entra: {
      clientId: env_.AAD_APP_CLIENT_ID,
      clientSecret: env_.AAD_APP_CLIENT_SECRET,
      tenantId: env_.AAD_APP_TENANT_ID,
      authorityHost: env_.AAD_APP_OAUTH_AUTHORITY_HOST,
      allowedTenantIds: [env_.AAD_APP_TENANT_ID, ...env_.ALLOWED_TENANT_IDS.filter((tenant) => tenant !== env_.AAD_APP_TENANT_ID)],
    },
    graph: { baseUrl: env_.GRAPH_BASE_URL, apiVersion: env_.GRAPH_API_VERSION, attemptTimeoutMs: env_.GRAPH_TIMEOUT_SECONDS * 1000 },
    mode: env_.APP_MODE,
    bot: {
      id: env_.BOT_ID,
      password: env_.BOT_PASSWORD,
      type: env_.BOT_TYPE,
      tenantId: env_.BOT_TENANT_ID,
      openIdMetadataUrl: env_.BOT_OPENID_METADATA_URL,
      oauthUrl: env_.BOT_OAUTH_URL,
    },
    sso: {
      connectionName: env_.OAUTH_CONNECTION_NAME,
      appIdUri: env_.AAD_APP_ID_URI ?? `api://botid-${env_.BOT_ID ?? env_.AAD_APP_CLIENT_ID}`,
    },
    storage:
      env_.STORAGE === 'blob'
        ? { kind: 'blob', connectionString: env_.AZURE_STORAGE_CONNECTION_STRING ?? '', container: env_.AZURE_STORAGE_CONTAINER }
        : { kind: 'sqlite', path: env_.SQLITE_PATH },
    audit: {
      retentionDays: env_.AUDIT_RETENTION_DAYS,
      // Without a dedicated key, one is derived from the app secret: no extra secret to manage.
      hashKey: env_.AUDIT_HASH_KEY ?? `derived:${env_.AAD_APP_CLIENT_SECRET}`,
    },
    defaultPolicy: {
      sendingHours: { from: env_.SENDING_HOURS.split('-')[0] ?? '08:00', to: env_.SENDING_HOURS.split('-')[1] ?? '21:00' },
      caps: { perDay: env_.TEXT_CAP_PER_DAY, perWeek: env_.TEXT_CAP_PER_WEEK },
      overridesAllowed: env_.POLICY_OVERRIDES_ALLOWED === 'true',
      whenLate: env_.SCHEDULED_WHEN_LATE,
    },
    schedulePollMs: env_.SCHEDULE_POLL_SECONDS * 1000,
    nudgeAfterMs: env_.NUDGE_AFTER_MINUTES * 60_000,
    telemetry: {
      otlpEndpoint: env_.OTEL_EXPORTER_OTLP_ENDPOINT,
      azureMonitorConnectionString: env_.APPLICATIONINSIGHTS_CONNECTION_STRING,
      metricIntervalMs: env_.OTEL_METRIC_EXPORT_INTERVAL,
    },
    logLevel: env_.LOG_LEVEL,
  });
}
