// Verifies bearer tokens (JWT): signature, expiry and algorithm; HS256 with a shared secret by default, RS256 with a
// public key or a JWKS URL by configuration. Never decides who the caller is from anything but a verified token.
import { Logger, UnauthorizedException } from '@nestjs/common';
import { createRemoteJWKSet, importSPKI, JWTVerifyGetKey, jwtVerify, KeyLike } from 'jose';
import type { IncomingHttpHeaders } from 'node:http';

/** The default secret, for local runs and tests only; a service refuses it when NODE_ENV is production. */
export const DEVELOPMENT_JWT_SECRET = 'local-development-secret-change-me-in-production';

export interface TokenSettings {
  jwtAlgorithm: 'HS256' | 'RS256';
  jwtSecret: string;
  jwtPublicKey: string;
  jwtJwksUrl: string;
  jwtIssuer: string;
  jwtAudience: string;
}

export interface VerifiedToken {
  subject: string;
  role: string | undefined;
}

export class TokenVerifier {
  private readonly key: Promise<KeyLike | Uint8Array | JWTVerifyGetKey>;

  constructor(private readonly settings: TokenSettings) {
    if (settings.jwtAlgorithm === 'HS256') {
      if (settings.jwtSecret === DEVELOPMENT_JWT_SECRET) {
        if (process.env.NODE_ENV === 'production') {
          throw new Error('JWT_SECRET is the development default; set a secret of at least 32 characters');
        }
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
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedException('Authorization must be "Bearer <token>"');
    }
    return this.verify(token);
  }

  async verify(token: string): Promise<VerifiedToken> {
    try {
      const key = await this.key;
      const { payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms: [this.settings.jwtAlgorithm],
        issuer: this.settings.jwtIssuer || undefined,
        audience: this.settings.jwtAudience || undefined,
        requiredClaims: ['sub', 'exp'],
      });
      return { subject: payload.sub!, role: typeof payload.role === 'string' ? payload.role : undefined };
    } catch (error) {
      const reason = (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token';
      throw new UnauthorizedException(reason);
    }
  }
}
