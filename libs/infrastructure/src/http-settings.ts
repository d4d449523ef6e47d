// The HTTP edge both services share — where they listen, which browser origins may call them, which proxies they
// trust, tokens and rate limits; each app's config class extends this one.
import { isIP } from 'node:net';
import { IsIn, IsInt, IsNotEmpty, IsString, Min, registerDecorator } from 'class-validator';
import { Env, Secret } from './config';
import { DEVELOPMENT_JWT_SECRET, TokenSettings } from './token-verifier';

export class HttpSettings implements TokenSettings {
  /** The address to listen on; containers set 0.0.0.0. */
  @Env('HOST') @IsString() @IsNotEmpty() host = '127.0.0.1';
  /** Browser origins allowed to call the API (CORS); `http://host:*` allows any port, `none` no origin at all. */
  @Env('CORS_ORIGINS') @IsCorsOrigin({ each: true }) corsOrigins: string[] = ['http://localhost:*', 'http://127.0.0.1:*'];
  /** Off (''), a number of proxy hops, or the proxies' addresses: whose X-Forwarded-For names the client address. */
  @Env('TRUST_PROXY') @IsTrustProxy() trustProxy = '';

  @Env('JWT_ALGORITHM') @IsIn(['HS256', 'RS256']) jwtAlgorithm: 'HS256' | 'RS256' = 'HS256';
  /** Refused in production when it is a placeholder or shorter than 32 bytes (RS256 does not use it). */
  @Env('JWT_SECRET') @Secret({ when: (c: HttpSettings) => c.jwtAlgorithm === 'HS256' }) @IsString() jwtSecret = DEVELOPMENT_JWT_SECRET;
  @Env('JWT_PUBLIC_KEY') @IsString() jwtPublicKey = '';
  @Env('JWT_JWKS_URL') @IsString() jwtJwksUrl = '';
  @Env('JWT_ISSUER') @IsString() jwtIssuer = '';
  @Env('JWT_AUDIENCE') @IsString() jwtAudience = '';
  /** How far in the future a token's `iat` may be (the issuer's clock running ahead of ours). */
  @Env('JWT_CLOCK_TOLERANCE_S') @IsInt() @Min(0) jwtClockToleranceS = 30;
  /** The longest a token may be valid for (`exp − iat`). */
  @Env('JWT_MAX_LIFETIME_S') @IsInt() @Min(1) jwtMaxLifetimeS = 86_400;
  /** Requests per client address per minute, across all routes; 0 turns rate limiting off. */
  @Env('RATE_LIMIT_PER_MINUTE') @IsInt() @Min(0) rateLimitPerMinute = 1200;
  /** When set, GET /metrics answers only `Authorization: Bearer <token>`. */
  @Env('METRICS_TOKEN') @Secret({ optional: true }) @IsString() metricsToken = '';
}

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`, with `*` for "any port"; or `none`. */
const ORIGIN = /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:(\d{1,5}|\*))?$/i;

function IsCorsOrigin(options: { each: boolean }): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCorsOrigin',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        ...options,
        message: 'each origin must be scheme://host or scheme://host:port (port * for any), or the list just "none"',
      },
      validator: {
        validate: (value: unknown, args) =>
          typeof value === 'string' &&
          (ORIGIN.test(value) || (value === 'none' && (args?.object as HttpSettings).corsOrigins.length === 1)),
      },
    });
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Express's `trust proxy` value for TRUST_PROXY: false, a hop count, or a list of addresses and subnets. */
export function trustProxySetting(value: string): false | number | string[] {
  if (value === '' || value === 'false' || value === '0') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((item) => item.trim());
}

function isProxyAddress(item: string): boolean {
  if (PROXY_NAMES.has(item) || isIP(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  return rest.length === 0 && isIP(address) !== 0 && (/^\d{1,3}$/.test(prefix ?? '') || isIP(prefix ?? '') !== 0);
}

function IsTrustProxy(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTrustProxy',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        // `true` would take any client's X-Forwarded-For at its word, and with it the rate limit's address.
        message: 'must be off (empty), a number of proxy hops, or proxy addresses/subnets (loopback, 10.0.0.0/8, …)',
      },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const setting = trustProxySetting(value);
          return !Array.isArray(setting) || setting.every(isProxyAddress);
        },
      },
    });
}
