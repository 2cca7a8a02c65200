/**
 * The environment, read once at cold start. What is missing fails fast with the variable's name.
 */

export interface Config {
  readonly tableName: string;
  /** DynamoDB endpoint override (DynamoDB Local); unset on AWS. */
  readonly dynamoEndpoint?: string;
  readonly region: string;
  readonly auth: {
    readonly issuer: string;
    readonly audience: string;
    /** A public JWK (JSON) for the local token issuer … */
    readonly publicJwk?: string;
    /** … or the JWKS URL of the Cognito user pool on AWS. */
    readonly jwksUrl?: string;
  };
  /** Largest request body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** A folder for generated files (summary workbooks) on this machine … */
  readonly filesDir?: string;
  /** … or the S3 bucket for them on AWS (`SHISHI_FILES_BUCKET`); it wins when both are set. */
  readonly filesBucket?: string;
  /** The Cognito user pool the users routes create sign-ins in (`SHISHI_USER_POOL_ID`); unset locally. */
  readonly userPoolId?: string;
  /** DEFAULT_LIMITS when unset. */
  readonly limits?: Limits;
}

/** How much one unit may send (issue 15): a clear 429 with Retry-After beyond it. */
export interface Limits {
  /** Reports a unit may send in ten minutes (`SHISHI_SUBMISSIONS_PER_10_MIN`, default 30). */
  readonly submissionsPer10Min: number;
  /** New versions one report may get in a day (`SHISHI_VERSIONS_PER_DAY`, default 20). */
  readonly versionsPerDay: number;
}

export const DEFAULT_LIMITS: Limits = { submissionsPer10Min: 30, versionsPerDay: 20 };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new ConfigError(`Missing environment variable ${name} / 缺少环境变量 ${name}`);
    return v;
  };
  const publicJwk = env.SHISHI_JWT_PUBLIC_JWK;
  const jwksUrl = env.SHISHI_JWKS_URL;
  if (!publicJwk && !jwksUrl) {
    throw new ConfigError(
      'Set SHISHI_JWT_PUBLIC_JWK (local) or SHISHI_JWKS_URL (Cognito) / 须设置令牌验证密钥',
    );
  }
  return {
    tableName: need('SHISHI_TABLE'),
    ...(env.DYNAMODB_ENDPOINT ? { dynamoEndpoint: env.DYNAMODB_ENDPOINT } : {}),
    region: env.AWS_REGION ?? 'cn-north-1',
    auth: {
      issuer: need('SHISHI_JWT_ISSUER'),
      audience: env.SHISHI_JWT_AUDIENCE ?? 'shishi',
      ...(publicJwk ? { publicJwk } : {}),
      ...(jwksUrl ? { jwksUrl } : {}),
    },
    maxBodyBytes: Number(env.SHISHI_MAX_BODY_BYTES ?? 6 * 1024 * 1024),
    ...(env.SHISHI_FILES_DIR ? { filesDir: env.SHISHI_FILES_DIR } : {}),
    ...(env.SHISHI_FILES_BUCKET ? { filesBucket: env.SHISHI_FILES_BUCKET } : {}),
    ...(env.SHISHI_USER_POOL_ID ? { userPoolId: env.SHISHI_USER_POOL_ID } : {}),
    limits: {
      submissionsPer10Min: Number(env.SHISHI_SUBMISSIONS_PER_10_MIN ?? DEFAULT_LIMITS.submissionsPer10Min),
      versionsPerDay: Number(env.SHISHI_VERSIONS_PER_DAY ?? DEFAULT_LIMITS.versionsPerDay),
    },
  };
}

/**
 * How the handlers report what they do: `lambda` (on AWS: JSON logs and EMF metrics on stdout,
 * where CloudWatch takes them), or `local` (`npm start`, the tests, the CLI: a readable line per
 * request on the console, and no metrics). Local unless AWS_LAMBDA_FUNCTION_NAME is set, and
 * always with SHISHI_LOCAL=1. The level is Powertools' POWERTOOLS_LOG_LEVEL (INFO by default).
 */
export interface TelemetryConfig {
  readonly mode: 'lambda' | 'local';
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
}

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;

export function readTelemetryConfig(env: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  const level = (env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  return {
    mode: env.AWS_LAMBDA_FUNCTION_NAME && env.SHISHI_LOCAL !== '1' ? 'lambda' : 'local',
    logLevel: (LOG_LEVELS as readonly string[]).includes(level)
      ? (level as TelemetryConfig['logLevel'])
      : 'INFO',
  };
}
