// Verifies bearer tokens (JWT): their canonical form, signature, algorithm, expiry, issue time and lifetime; HS256 with
// a shared secret by default, RS256 with a public key or a JWKS URL by configuration. Never decides who the caller is
// from anything but a verified token.
import { Logger, UnauthorizedException } from '@nestjs/common';
import { createRemoteJWKSet, importSPKI, JWTPayload, JWTVerifyGetKey, jwtVerify, KeyLike } from 'jose';
import type { IncomingHttpHeaders } from 'node:http';

/** The default secret, for local runs and tests only; loadConfig refuses it when NODE_ENV is production. */
export const DEVELOPMENT_JWT_SECRET = 'local-development-secret-change-me-in-production';

export interface TokenSettings {
  jwtAlgorithm: 'HS256' | 'RS256';
  jwtSecret: string;
  jwtPublicKey: string;
  jwtJwksUrl: string;
  jwtIssuer: string;
  jwtAudience: string;
  /** How far in the future `iat` may be, in seconds. */
  jwtClockToleranceS: number;
  /** The longest lifetime (`exp − iat`) accepted, in seconds. */
  jwtMaxLifetimeS: number;
}

/** A JWT's three segments, each canonical base64url: its alphabet only, no padding, no whitespace. */
const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Node decodes base64url leniently (it skips characters outside the alphabet and ignores the unused low bits of the
 * last character), so `abc` and `abd` can be the same bytes. A segment is canonical when encoding its bytes again
 * gives it back: then a token has exactly one spelling, and a deny-list keyed on it cannot be sidestepped.
 */
function isCanonical(token: string): boolean {
  return (
    COMPACT_JWT.test(token) &&
    token.split('.').every((segment) => Buffer.from(segment, 'base64url').toString('base64url') === segment)
  );
}

export interface VerifiedToken {
  subject: string;
  role: string | undefined;
}

export class TokenVerifier {
  private readonly key: Promise<KeyLike | Uint8Array | JWTVerifyGetKey>;

  constructor(private readonly settings: TokenSettings) {
    if (settings.jwtAlgorithm === 'HS256') {
      // Production never gets here with it: loadConfig refuses it (production-secrets.ts).
      if (settings.jwtSecret === DEVELOPMENT_JWT_SECRET) {
        new Logger(TokenVerifier.name).warn('JWT_SECRET is the development default; set your own outside development');
      }
      this.key = Promise.resolve(new TextEncoder().encode(settings.jwtSecret));
    } else if (settings.jwtJwksUrl) {
      this.key = Promise.resolve(createRemoteJWKSet(new URL(settings.jwtJwksUrl)));
    } else if (settings.jwtPublicKey) {
      this.key = importSPKI(settings.jwtPublicKey.replace(/\\n/g, '\n'), 'RS256');
    } else {
      throw new Error('JWT_ALGORITHM=RS256 needs JWT_PUBLIC_KEY or JWT_JWKS_URL');
    }
  }

  /** The verified subject and role of the request's bearer token, undefined when there is none. */
  async fromHeaders(headers: IncomingHttpHeaders): Promise<VerifiedToken | undefined> {
    const header = headers.authorization;
    if (header === undefined) return undefined;
    const [, token] = /^bearer ([^ ]+)$/i.exec(header) ?? [];
    if (!token) throw new UnauthorizedException('Authorization must be "Bearer <token>"');
    return this.verify(token);
  }

  async verify(token: string, now = new Date()): Promise<VerifiedToken> {
    if (!isCanonical(token)) throw new UnauthorizedException('invalid token');
    let payload: JWTPayload;
    try {
      const key = await this.key;
      ({ payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms: [this.settings.jwtAlgorithm],
        issuer: this.settings.jwtIssuer || undefined,
        audience: this.settings.jwtAudience || undefined,
        requiredClaims: ['sub', 'exp'],
        currentDate: now,
      }));
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token';
      throw new UnauthorizedException(reason);
    }
    const problem = this.timingProblem(payload, Math.floor(now.getTime() / 1000));
    if (problem) throw new UnauthorizedException(problem);
    return { subject: payload.sub!, role: typeof payload.role === 'string' ? payload.role : undefined };
  }

  /**
   * jose checks `exp` and `nbf` (strictly, as before: the leeway applies only to `iat`, which it does not check). A
   * token issued in the future, or valid for longer than a token may be, is refused: a year-ahead `iat` with a
   * century-long `exp` is a forged or leaked key's work, not a clock off by a few seconds. Without `iat`, the lifetime
   * is counted from now.
   */
  private timingProblem(payload: JWTPayload, now: number): string | undefined {
    const { jwtClockToleranceS: tolerance, jwtMaxLifetimeS: maxLifetime } = this.settings;
    if (payload.iat !== undefined && payload.iat > now + tolerance) return 'token issued in the future';
    if (payload.exp! - (payload.iat ?? now) > maxLifetime) return 'token lifetime too long';
    return undefined;
  }
}
