import path from 'node:path';
import { z } from 'zod';
import { LOG_LEVELS } from './logger';
import { DEFAULT_CONNECTION_LIMITS } from './limits';
import { DEFAULT_MAX_UPLOAD_MB } from '../protocol-uploads';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default('0.0.0.0'),
  PARLEY_DATA_DIR: z.string().min(1).default('./data'),
  PARLEY_JOIN_CODE: optionalText,
  PARLEY_REGISTRATION: z.enum(['invite', 'open']).default('invite'),
  PARLEY_METRICS_TOKEN: optionalText,
  PARLEY_ALLOWED_ORIGINS: optionalText,
  PARLEY_MAX_CONNECTIONS_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_CONNECTION_LIMITS.perAddress),
  PARLEY_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || /^postgres(ql)?:\/\//.test(value),
    'must be a postgres:// URL (leave it unset for the embedded SQLite database)',
  ),
  REDIS_URL: optionalText.refine(
    (value) => value === undefined || /^rediss?:\/\//.test(value),
    'must be a redis:// or rediss:// URL',
  ),
  PARLEY_REDIS_PREFIX: z.string().min(1).max(64).default('parley:'),
  PARLEY_MAX_UPLOAD_MB: z.coerce.number().positive().max(10_240).default(DEFAULT_MAX_UPLOAD_MB),
  PARLEY_S3_BUCKET: optionalText,
  PARLEY_S3_ENDPOINT: optionalText.refine(
    (value) => value === undefined || /^https?:\/\//.test(value),
    'must be an http:// or https:// URL',
  ),
  PARLEY_S3_REGION: z.string().min(1).default('us-east-1'),
  PARLEY_S3_ACCESS_KEY_ID: optionalText,
  PARLEY_S3_SECRET_ACCESS_KEY: optionalText,
  PARLEY_S3_FORCE_PATH_STYLE: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => (value === '' ? undefined : value === '1' || value === 'true')),
  PARLEY_VAPID_PUBLIC_KEY: optionalText.refine(
    (value) => value === undefined || /^[A-Za-z0-9_-]{87}$/.test(value),
    'must be a P-256 public key, base64url (87 characters, as web-push generate-vapid-keys prints)',
  ),
  PARLEY_VAPID_PRIVATE_KEY: optionalText.refine(
    (value) => value === undefined || /^[A-Za-z0-9_-]{43}$/.test(value),
    'must be a P-256 private key, base64url (43 characters)',
  ),
  PARLEY_PUSH_CONTACT: optionalText.refine(
    (value) => value === undefined || /^(mailto:|https:\/\/)/.test(value),
    'must be a mailto: or https:// address',
  ),
  PARLEY_PUSH_ALLOW_PRIVATE: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => value === '1' || value === 'true'),
  PARLEY_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => value === '1' || value === 'true'),
  PARLEY_TRUST_PROXY: z
    .enum(['', '0', '1', 'false', 'true'])
    .default('')
    .transform((value) => value === '1' || value === 'true'),
});

/** Every variable the server reads (`.env.example` lists each, with its default). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Everything the server reads from its environment, parsed once at start. */
export interface Config {
  isDev: boolean;
  port: number;
  hostname: string;
  dataDir: string;
  joinCode: string | undefined;
  /** Who may make accounts until an admin chooses: invite holders (default) or anyone. */
  registration: 'invite' | 'open';
  /** When set, `/metrics` answers only requests bearing it (`Authorization: Bearer …`). */
  metricsToken: string | undefined;
  /** Origins allowed to open sockets and create sessions; undefined means the server's own origin. */
  allowedOrigins: string[] | undefined;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-For and X-Forwarded-Proto. */
  trustProxy: boolean;
  /** Open sockets one client address may hold (raise it for a big office behind one NAT). */
  maxConnectionsPerAddress: number;
  /** `info` by default; `debug` adds every socket's arrival and departure. */
  logLevel: (typeof LOG_LEVELS)[number];
  /** PostgreSQL instead of the embedded SQLite database. */
  databaseUrl: string | undefined;
  /** Redis, to run as one of several nodes (needs `databaseUrl`: the nodes share storage). */
  redisUrl: string | undefined;
  redisPrefix: string;
  /** The largest upload, in bytes. */
  maxUploadBytes: number;
  /** S3-compatible object storage for files; undefined keeps them under `dataDir/files`. */
  s3: S3Config | undefined;
  /** The VAPID pair every node signs pushes with; undefined: made once and stored with the data. */
  vapid: { publicKey: string; privateKey: string } | undefined;
  /** The VAPID subject push services may contact the operator at. */
  pushContact: string;
  /** Push endpoints on loopback and private addresses are allowed (tests only). */
  pushAllowPrivate: boolean;
  /** Bot webhooks on loopback and private addresses are allowed (tests only). */
  webhookAllowPrivate: boolean;
}

export interface S3Config {
  bucket: string;
  /** MinIO, Garage…; undefined for AWS itself. */
  endpoint: string | undefined;
  region: string;
  /** Both or neither: without them the AWS SDK's own chain (AWS_* variables, roles) applies. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** Bucket in the path rather than the host name; the default with an endpoint. */
  forcePathStyle: boolean;
}

/** Parses the environment, throwing one readable error that lists every bad variable. */
export function parseConfig(env: Readonly<NodeJS.Dict<string>>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const parsed = result.data;
  if (parsed.REDIS_URL !== undefined && parsed.DATABASE_URL === undefined) {
    throw new Error(
      'Invalid configuration:\n  REDIS_URL: several nodes must share one database: set DATABASE_URL too',
    );
  }
  const accessKeyId = parsed.PARLEY_S3_ACCESS_KEY_ID;
  const secretAccessKey = parsed.PARLEY_S3_SECRET_ACCESS_KEY;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new Error(
      'Invalid configuration:\n  PARLEY_S3_ACCESS_KEY_ID and PARLEY_S3_SECRET_ACCESS_KEY go together',
    );
  }
  const vapidPublic = parsed.PARLEY_VAPID_PUBLIC_KEY;
  const vapidPrivate = parsed.PARLEY_VAPID_PRIVATE_KEY;
  if ((vapidPublic === undefined) !== (vapidPrivate === undefined)) {
    throw new Error(
      'Invalid configuration:\n  PARLEY_VAPID_PUBLIC_KEY and PARLEY_VAPID_PRIVATE_KEY go together',
    );
  }
  const allowedOrigins = parsed.PARLEY_ALLOWED_ORIGINS?.split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
  const bucket = parsed.PARLEY_S3_BUCKET;
  return {
    isDev: parsed.NODE_ENV !== 'production',
    port: parsed.PORT,
    hostname: parsed.HOSTNAME,
    dataDir: path.resolve(parsed.PARLEY_DATA_DIR),
    joinCode: parsed.PARLEY_JOIN_CODE,
    registration: parsed.PARLEY_REGISTRATION,
    metricsToken: parsed.PARLEY_METRICS_TOKEN,
    allowedOrigins,
    trustProxy: parsed.PARLEY_TRUST_PROXY,
    maxConnectionsPerAddress: parsed.PARLEY_MAX_CONNECTIONS_PER_ADDRESS,
    logLevel: parsed.PARLEY_LOG_LEVEL,
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    redisPrefix: parsed.PARLEY_REDIS_PREFIX,
    maxUploadBytes: Math.floor(parsed.PARLEY_MAX_UPLOAD_MB * 1024 * 1024),
    s3:
      bucket === undefined
        ? undefined
        : {
            bucket,
            endpoint: parsed.PARLEY_S3_ENDPOINT,
            region: parsed.PARLEY_S3_REGION,
            credentials:
              accessKeyId === undefined || secretAccessKey === undefined
                ? undefined
                : { accessKeyId, secretAccessKey },
            forcePathStyle:
              parsed.PARLEY_S3_FORCE_PATH_STYLE ?? parsed.PARLEY_S3_ENDPOINT !== undefined,
          },
    vapid:
      vapidPublic === undefined || vapidPrivate === undefined
        ? undefined
        : { publicKey: vapidPublic, privateKey: vapidPrivate },
    pushContact: parsed.PARLEY_PUSH_CONTACT ?? defaultPushContact(allowedOrigins?.[0]),
    pushAllowPrivate: parsed.PARLEY_PUSH_ALLOW_PRIVATE,
    webhookAllowPrivate: parsed.PARLEY_WEBHOOK_ALLOW_PRIVATE,
  };
}

/** The server's public https origin if it has one, else a mailto: that names nobody. */
function defaultPushContact(origin: string | undefined): string {
  return origin?.startsWith('https://') === true ? origin : 'mailto:admin@parley.invalid';
}
