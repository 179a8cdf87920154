import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

const AGENCIES = ['AZ', 'KZ', 'TM'];

/** Settings every service shares. */
export class CommonEnv {
  /** Interface to bind; loopback unless a deployment opens it deliberately. */
  @IsString() readonly HOST: string = '127.0.0.1';
  @Matches(/^postgres(ql)?:\/\//) readonly DATABASE_URL!: string;
  @IsString() readonly NATS_URL: string = 'nats://127.0.0.1:4222';
  @IsOptional() @IsString() readonly NATS_USER?: string;
  @IsOptional() @IsString() readonly NATS_PASSWORD?: string;
  /**
   * Trusted token issuers: comma-separated `AGENCY=source`, where source is a PEM public key file
   * or an https JWKS URL. A token's `agency` claim must match its issuer's agency.
   */
  @IsString() readonly AUTH_ISSUERS!: string;
  @IsOptional() @IsString() readonly REFERENCE_DATA_FILE?: string;
  @IsString() readonly BODY_LIMIT: string = '1mb';
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose']) readonly LOG_LEVEL: string = 'log';
}

export class NodeEnv extends CommonEnv {
  @IsIn(AGENCIES) readonly AGENCY!: string;
  @IsOptional() @IsInt() @Min(1) @Max(65535) readonly PORT?: number;
  /** PEM Ed25519 private key that signs this node's events. */
  @IsString() readonly NODE_SIGNING_KEY_FILE!: string;
  @IsString() readonly NODE_SIGNING_KEY_ID!: string;
  /** JetStream stream replicas: 1 on one server, 3 on a cluster. */
  @IsInt() @Min(1) @Max(5) readonly STREAM_REPLICAS: number = 1;
  /** How long JetStream keeps events, in days (0 = forever). */
  @IsInt() @Min(0) readonly STREAM_MAX_AGE_DAYS: number = 0;
  /** Feedback on an alert is due this many hours after its ETA (or after it was raised). */
  @IsInt() @Min(1) @Max(24 * 365) readonly FEEDBACK_DUE_HOURS: number = 72;
  /** An alert expires this many days after it was raised or last renewed. */
  @IsInt() @Min(1) @Max(3650) readonly ALERT_EXPIRY_DAYS: number = 90;
  /** The regional hub, asked whether the caller can see another agency's alert before feedback. */
  @Matches(/^https?:\/\//) readonly HUB_URL: string = 'http://127.0.0.1:3000';
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
  /**
   * Unauthenticated demo sign-in (`GET /api/demo/users` hands out tokens): only when the local
   * stack turns it on explicitly. Off by default; no production configuration sets it.
   */
  @IsIn(['true', 'false']) readonly DEMO_SIGN_IN: 'true' | 'false' = 'false';
}

export const defaultNodePort = (agency: string): number => ({ AZ: 3001, KZ: 3002, TM: 3003 })[agency] ?? 3001;
