// Bearer tokens for the tests, signed like the services expect (HS256 with the development secret by default).
import { SignJWT } from 'jose';
import { DEVELOPMENT_JWT_SECRET } from '@wedding/infrastructure';

export interface TokenOptions {
  role?: string;
  expiresIn?: string | number;
  secret?: string;
  algorithm?: 'HS256' | 'HS512';
  withoutExpiry?: boolean;
}

export async function mintToken(subject: string, options: TokenOptions = {}): Promise<string> {
  const { role = 'coordinator', expiresIn = '10m', secret = DEVELOPMENT_JWT_SECRET, algorithm = 'HS256' } = options;
  const jwt = new SignJWT({ role }).setProtectedHeader({ alg: algorithm, typ: 'JWT' }).setSubject(subject).setIssuedAt();
  if (!options.withoutExpiry) jwt.setExpirationTime(expiresIn);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** An unsigned token (`alg: none`), the first thing an attacker tries. */
export function unsignedToken(subject: string, role = 'coordinator'): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 600;
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: subject, role, exp })}.`;
}

/** A token whose payload was changed after signing (the signature no longer matches). */
export async function tamperedToken(subject: string, claimedSubject: string): Promise<string> {
  const [header, , signature] = (await mintToken(subject)).split('.');
  const exp = Math.floor(Date.now() / 1000) + 600;
  const payload = Buffer.from(JSON.stringify({ sub: claimedSubject, role: 'coordinator', exp })).toString('base64url');
  return `${header}.${payload}.${signature}`;
}
