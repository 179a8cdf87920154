import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

const AGENCIES = ['AZ', 'KZ', 'TM'];

/** AUTH_ISSUERS entries are well-formed, and JWKS URLs are https unless local development allows http. */
@ValidatorConstraint({ name: 'authIssuers' })
class AuthIssuersSpec implements ValidatorConstraintInterface {
  validate(spec: unknown, args: ValidationArguments): boolean {
    if (typeof spec !== 'string') return false;
    const allowHttp = (args.object as { AUTH_ALLOW_HTTP_JWKS?: string }).AUTH_ALLOW_HTTP_JWKS === 'true';
    const entries = spec
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    return (
      entries.length > 0 &&
      entries.every((e) => {
        const m = /^[A-Z]{2,3}(?::[^=]+)?=(.+)$/.exec(e);
        return !!m && (!/^http:\/\//i.test(m[1]) || (allowHttp && /^http:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?\//i.test(m[1])));
      })
    );
  }

  defaultMessage(): string {
    return 'AUTH_ISSUERS must be comma-separated AGENCY:ISSUER_ID=source (PEM file or https JWKS URL); http JWKS URLs only on loopback with AUTH_ALLOW_HTTP_JWKS=true (local development)';
  }
}

/** Settings every service shares. */
export class CommonEnv {
  /** Interface to bind; loopback unless a deployment opens it deliberately. */
  @IsString() readonly HOST: string = '127.0.0.1';
  @Matches(/^postgres(ql)?:\/\//) readonly DATABASE_URL!: string;
  /** nats-server URL, or a cluster's servers as a comma-separated list (`nats://a:4222,nats://b:4222`). */
  @IsString() readonly NATS_URL: string = 'nats://127.0.0.1:4222';
  @IsOptional() @IsString() readonly NATS_USER?: string;
  @IsOptional() @IsString() readonly NATS_PASSWORD?: string;
  /** TLS to nats-server: the CA that signed its certificate (set it, or use a tls:// URL, to require TLS). */
  @IsOptional() @IsString() readonly NATS_TLS_CA_FILE?: string;
  /** Client certificate and key, when nats-server verifies clients (tls { verify: true }). */
  @IsOptional() @IsString() readonly NATS_TLS_CERT_FILE?: string;
  @IsOptional() @IsString() readonly NATS_TLS_KEY_FILE?: string;
  /**
   * CA of PostgreSQL's server certificate. With it the connection is TLS with the certificate
   * verified; `sslmode` in DATABASE_URL (require, verify-ca, verify-full) works as well.
   */
  @IsOptional() @IsString() readonly DATABASE_SSL_CA_FILE?: string;
  /**
   * Trusted token issuers: comma-separated `AGENCY:ISSUER_ID=source`, where source is a PEM public
   * key file or an https JWKS URL; `AGENCY=source` trusts the development issuer id
   * `ccp-dev-issuer-AGENCY`. A token's `agency` and `iss` must match a configured issuer.
   */
  @IsString() @Validate(AuthIssuersSpec) readonly AUTH_ISSUERS!: string;
  /** The audience (`aud`) every token must name. */
  @IsString() readonly AUTH_AUDIENCE: string = 'caspian-intel-exchange';
  /** Tokens living longer than this (`exp` - `iat`) are refused. */
  @IsInt() @Min(60) @Max(7 * 24 * 3600) readonly AUTH_MAX_TOKEN_LIFETIME_SECONDS: number = 12 * 3600;
  /** Local development only: allow `http://` JWKS URLs on loopback (127.0.0.0/8, ::1, localhost) in AUTH_ISSUERS. */
  @IsIn(['true', 'false']) readonly AUTH_ALLOW_HTTP_JWKS: string = 'false';
  /** Express `trust proxy`: `false`, `true`, a hop count or addresses/subnets of the proxies in front. */
  @Matches(/^(true|false|\d{1,2}|((loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*|$))+)$/) readonly TRUST_PROXY: string = 'false';
  /** Serve the OpenAPI documentation at /docs. */
  @IsIn(['true', 'false']) readonly DOCS_ENABLED: string = 'true';
  /** Rate limits per window (0 = off): writes and exports per caller, failed authentications per client address. */
  @IsInt() @Min(1) @Max(3600) readonly RATE_LIMIT_WINDOW_SECONDS: number = 60;
  @IsInt() @Min(0) readonly RATE_LIMIT_WRITES: number = 3000;
  @IsInt() @Min(0) readonly RATE_LIMIT_EXPORTS: number = 600;
  @IsInt() @Min(0) readonly RATE_LIMIT_AUTH_FAILURES: number = 300;
  @IsOptional() @IsString() readonly REFERENCE_DATA_FILE?: string;
  @IsString() readonly BODY_LIMIT: string = '1mb';
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) readonly LOG_LEVEL: string = 'log';
  /** `json`: one JSON object per line (level, time, service, context, message, requestId); `pretty`: Nest's coloured lines (the local stack). */
  @IsIn(['json', 'pretty']) readonly LOG_FORMAT: 'json' | 'pretty' = 'json';
  /**
   * Bearer token a scraper must present to read `GET /metrics`; unset: /metrics answers 404 (off).
   * At least 32 printable characters; give Prometheus the same value (`authorization.credentials_file`).
   */
  @IsOptional() @Matches(/^[\x21-\x7e]{32,256}$/, { message: 'METRICS_TOKEN must be 32-256 printable ASCII characters' }) readonly METRICS_TOKEN?: string;
}

export class NodeEnv extends CommonEnv {
  @IsIn(AGENCIES) readonly AGENCY!: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) readonly PORT?: number;
  /** PEM Ed25519 private key that signs this node's events. */
  @IsString() readonly NODE_SIGNING_KEY_FILE!: string;
  @IsString() readonly NODE_SIGNING_KEY_ID!: string;
  /** Feedback on an alert is due this many hours after its ETA (or after it was raised). */
  @IsInt() @Min(1) @Max(24 * 365) readonly FEEDBACK_DUE_HOURS: number = 72;
  /** An alert expires this many days after it was raised or last renewed. */
  @IsInt() @Min(1) @Max(3650) readonly ALERT_EXPIRY_DAYS: number = 90;
  /** Whether a new alert is discoverable (hit/no-hit, issue 13) when its raise request does not say. */
  @IsIn(['true', 'false']) readonly DISCOVERABLE_BY_DEFAULT: 'true' | 'false' = 'false';
  /** The regional hub, asked whether the caller can see another agency's alert before feedback. */
  @Matches(/^https?:\/\//) readonly HUB_URL: string = 'http://127.0.0.1:3000';
  /**
   * Origins whose pages may call this node from a browser (the regional console posts to the
   * officer's own node): comma-separated `scheme://host[:port]`; empty allows none.
   */
  @Matches(/^(https?:\/\/[^,/\s]+(,https?:\/\/[^,/\s]+)*)?$/) readonly CORS_ORIGINS: string = 'http://127.0.0.1:3000,http://localhost:3000';
}

export class HubEnv extends CommonEnv {
  @IsInt() @Min(1) @Max(65535) readonly PORT: number = 3000;
  /** Agencies whose streams the hub consumes. */
  @Matches(/^[A-Z]{2}(,[A-Z]{2})*$/) readonly HUB_AGENCIES: string = 'AZ,KZ,TM';
  /** Trust store of node signing keys: comma-separated `AGENCY:KEY_ID=PEM_FILE`. */
  @IsString() readonly NODE_PUBLIC_KEYS!: string;
  /** PEM Ed25519 private key that signs the hub's own log (the access log), and its key id. */
  @IsString() readonly HUB_SIGNING_KEY_FILE!: string;
  @IsString() readonly HUB_SIGNING_KEY_ID!: string;
  /** The built web console, served at `/` (relative to the working directory). */
  @IsString() readonly WEB_CONSOLE_DIR: string = 'apps/web-console/dist';
  /** Local stack only: demo tokens offered on the console's sign-in page. Never set in production. */
  @IsOptional() @IsString() readonly HUB_DEMO_TOKENS_FILE?: string;
  /** The live feed ends after this many seconds at most (and always when the caller's token expires). */
  @IsInt() @Min(1) @Max(24 * 3600) readonly FEED_MAX_LIFETIME_SECONDS: number = 3600;
  /** 64 hex digits sealing list cursors, shared by the hub's replicas; unset: a random key per process. */
  @IsOptional() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'HUB_CURSOR_KEY must be 64 hex digits' }) readonly HUB_CURSOR_KEY?: string;
  /** While the access log cannot be written, at most this many delivery records wait; beyond it content reads answer 503. */
  @IsInt() @Min(1) @Max(1_000_000) readonly HUB_ACCESS_LOG_MAX_PENDING: number = 10_000;
  /** This replica's name in health and the log (several hub replicas share one database); unset: host name and process id. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'HUB_REPLICA_ID must be 1-64 letters, digits, dots, dashes or underscores' })
  readonly HUB_REPLICA_ID?: string;
  /** Largest watch-list file an import accepts, in bytes (the UN consolidated list is ~2 MB). */
  @IsInt() @Min(1024) @Max(64 * 1024 * 1024) readonly WATCHLIST_IMPORT_MAX_BYTES: number = 8 * 1024 * 1024;
  /**
   * Unauthenticated demo sign-in (`GET /api/demo/users` hands out tokens): only when the local
   * stack turns it on explicitly. Off by default; no production configuration sets it.
   */
  @IsIn(['true', 'false']) readonly DEMO_SIGN_IN: 'true' | 'false' = 'false';
  /**
   * Where the console finds each agency's national node (officers post to their own node):
   * comma-separated `AGENCY=URL`. Served to the console at `/api/console/config` and allowed by
   * the console's Content-Security-Policy (connect-src).
   */
  @Matches(/^([A-Z]{2}=https?:\/\/[^,\s]+(,[A-Z]{2}=https?:\/\/[^,\s]+)*)?$/)
  readonly CONSOLE_NODE_URLS: string = 'AZ=http://127.0.0.1:3001,KZ=http://127.0.0.1:3002,TM=http://127.0.0.1:3003';
  /**
   * The OpenID Providers the console signs people in at (authorization code + PKCE): comma-separated
   * `AGENCY=ISSUER_URL`, each also an issuer of that agency in AUTH_ISSUERS. Served to the console at
   * `/api/console/config` and allowed by its Content-Security-Policy; empty: no sign-in but the developer one.
   */
  @Matches(/^([A-Z]{2,3}=https?:\/\/[^,\s]+(,[A-Z]{2,3}=https?:\/\/[^,\s]+)*)?$/)
  readonly CONSOLE_OIDC_ISSUERS: string = '';
  /** The console's client id at those providers (a public client: no secret). */
  @Matches(/^[\x21-\x7e]{1,128}$/) readonly CONSOLE_OIDC_CLIENT_ID: string = 'cix-console';
  /** Cross-border correlation of new and amended alerts (issue 13); `false` only for a baseline measurement (a rebuild then refreshes the index). */
  @IsIn(['true', 'false']) readonly CORRELATION_ENABLED: 'true' | 'false' = 'true';
  /** A value held by more alerts than this stops generating matches and is listed for coordinators. */
  @IsInt() @Min(2) @Max(10_000) readonly CORRELATION_MAX_FANOUT: number = 25;
}

export const defaultNodePort = (agency: string): number => ({ AZ: 3001, KZ: 3002, TM: 3003 })[agency] ?? 3001;

/** `CONSOLE_NODE_URLS` as a map from agency to its node's base URL. */
export function consoleNodeUrls(config: Pick<HubEnv, 'CONSOLE_NODE_URLS'>): Record<string, string> {
  const entries = config.CONSOLE_NODE_URLS.split(',').filter(Boolean);
  return Object.fromEntries(entries.map((e) => [e.slice(0, 2), e.slice(3).replace(/\/+$/, '')]));
}

/** `CONSOLE_OIDC_ISSUERS` as the console receives it: where each agency's people sign in. */
export function consoleIssuers(
  config: Pick<HubEnv, 'CONSOLE_OIDC_ISSUERS' | 'CONSOLE_OIDC_CLIENT_ID'>,
): Array<{ agency: string; issuer: string; clientId: string }> {
  return config.CONSOLE_OIDC_ISSUERS.split(',')
    .filter(Boolean)
    .map((e) => ({ agency: e.slice(0, e.indexOf('=')), issuer: e.slice(e.indexOf('=') + 1), clientId: config.CONSOLE_OIDC_CLIENT_ID }));
}

/** The origin (`scheme://host:port`) of a URL, as CSP and CORS name it. */
export const originOf = (url: string): string => new URL(url).origin;
