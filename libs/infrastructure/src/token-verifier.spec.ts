import { exportSPKI, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { TokenVerifier, TokenSettings } from './token-verifier';

const settings = (overrides: Partial<TokenSettings>): TokenSettings => ({
  jwtAlgorithm: 'HS256',
  jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256',
  jwtPublicKey: '',
  jwtJwksUrl: '',
  jwtIssuer: '',
  jwtAudience: '',
  jwtClockToleranceS: 30,
  jwtMaxLifetimeS: 86_400,
  ...overrides,
});

const sign = (claims: Record<string, unknown>, alg: string, key: Parameters<SignJWT['sign']>[0]) =>
  new SignJWT(claims).setProtectedHeader({ alg }).setSubject('subject-1').setExpirationTime('5m').sign(key);

describe('TokenVerifier', () => {
  it('accepts an HS256 token signed with the secret and reads subject and role', async () => {
    const verifier = new TokenVerifier(settings({}));
    const token = await sign({ role: 'coordinator' }, 'HS256', new TextEncoder().encode(settings({}).jwtSecret));
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'subject-1', role: 'coordinator' });
  });

  describe('with RS256 and a public key', () => {
    let verifier: TokenVerifier;
    let privateKey: KeyLike;
    let publicPem: string;

    beforeAll(async () => {
      const pair = await generateKeyPair('RS256', { extractable: true });
      privateKey = pair.privateKey;
      publicPem = await exportSPKI(pair.publicKey);
      verifier = new TokenVerifier(settings({ jwtAlgorithm: 'RS256', jwtPublicKey: publicPem, jwtSecret: '' }));
    });

    it('accepts a token signed with the private key', async () => {
      await expect(verifier.verify(await sign({ role: 'couple' }, 'RS256', privateKey))).resolves.toEqual({
        subject: 'subject-1',
        role: 'couple',
      });
    });

    it('refuses an HS256 token signed with the public key as the secret (algorithm confusion)', async () => {
      const forged = await sign({ role: 'coordinator' }, 'HS256', new TextEncoder().encode(publicPem));
      await expect(verifier.verify(forged)).rejects.toThrow('invalid token');
    });

    it('reads a public key written on one line with \\n escapes, as environment variables often hold it', async () => {
      const oneLine = new TokenVerifier(
        settings({ jwtAlgorithm: 'RS256', jwtPublicKey: publicPem.replace(/\n/g, '\\n'), jwtSecret: '' }),
      );
      await expect(oneLine.verify(await sign({}, 'RS256', privateKey))).resolves.toMatchObject({ subject: 'subject-1' });
    });
  });

  it('checks issuer and audience when they are configured', async () => {
    const secret = new TextEncoder().encode(settings({}).jwtSecret);
    const verifier = new TokenVerifier(settings({ jwtIssuer: 'https://auth.example', jwtAudience: 'coordinator-api' }));
    const right = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('https://auth.example')
      .setAudience('coordinator-api')
      .setExpirationTime('5m')
      .sign(secret);
    const wrong = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuer('https://elsewhere.example')
      .setAudience('coordinator-api')
      .setExpirationTime('5m')
      .sign(secret);
    await expect(verifier.verify(right)).resolves.toMatchObject({ subject: 's' });
    await expect(verifier.verify(wrong)).rejects.toThrow('invalid token');
  });

  it('refuses RS256 without a key or a JWKS URL at start-up', () => {
    expect(() => new TokenVerifier(settings({ jwtAlgorithm: 'RS256' }))).toThrow('JWT_PUBLIC_KEY or JWT_JWKS_URL');
  });
});

describe('TokenVerifier, strict about form and time', () => {
  const secret = new TextEncoder().encode(settings({}).jwtSecret);
  const verifier = new TokenVerifier(settings({}));
  const now = new Date('2026-11-24T08:00:00Z');
  const nowS = Math.floor(now.getTime() / 1000);
  const signed = async (claims: { iat?: number; exp?: number; nbf?: number } = {}) => {
    const jwt = new SignJWT({ role: 'couple' }).setProtectedHeader({ alg: 'HS256' }).setSubject('subject-1');
    jwt.setExpirationTime(claims.exp ?? nowS + 600);
    jwt.setIssuedAt(claims.iat ?? nowS);
    if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
    return jwt.sign(secret);
  };
  const withoutIat = async (exp: number) =>
    new SignJWT({ role: 'couple' }).setProtectedHeader({ alg: 'HS256' }).setSubject('subject-1').setExpirationTime(exp).sign(secret);
  const segments = (token: string) => token.split('.') as [string, string, string];

  it('accepts the canonical token', async () => {
    await expect(verifier.verify(await signed(), now)).resolves.toMatchObject({ subject: 'subject-1' });
  });

  /** Each spelling decodes, leniently, to the very bytes of the valid token: only the form is wrong. */
  it.each([
    ['a tab inside the signature', ([h, p, s]: string[]) => `${h}.${p}.${s.slice(0, 5)}\t${s.slice(5)}`],
    ['a tab inside the payload', ([h, p, s]: string[]) => `${h}.${p.slice(0, 5)}\t${p.slice(5)}.${s}`],
    ['a space inside the header', ([h, p, s]: string[]) => `${h.slice(0, 3)} ${h.slice(3)}.${p}.${s}`],
    ['== appended to the signature', ([h, p, s]: string[]) => `${h}.${p}.${s}==`],
    ['= appended to the payload', ([h, p, s]: string[]) => `${h}.${p}=.${s}`],
    ['a character outside the alphabet', ([h, p, s]: string[]) => `${h}.${p}.${s.slice(0, 5)}*${s.slice(5)}`],
    ['a line break at the end', ([h, p, s]: string[]) => `${h}.${p}.${s}\n`],
    ['a fourth segment', ([h, p, s]: string[]) => `${h}.${p}.${s}.`],
    ['the unused low bits of the last character set', ([h, p, s]: string[]) => `${h}.${p}.${flipUnusedBits(s)}`],
  ])('refuses %s', async (_case, respell) => {
    const token = await signed();
    const variant = respell(segments(token));
    expect(variant).not.toBe(token);
    await expect(verifier.verify(variant, now)).rejects.toThrow('invalid token');
  });

  it.each([
    ['iat a year ahead and exp in 100 years', { iat: nowS + 365 * 86_400, exp: nowS + 100 * 365 * 86_400 }, 'issued in the future'],
    ['iat a minute ahead', { iat: nowS + 60, exp: nowS + 3600 }, 'issued in the future'],
    ['a lifetime of a day and a second', { iat: nowS, exp: nowS + 86_401 }, 'lifetime too long'],
    ['a lifetime of a year, issued long ago', { iat: nowS - 300 * 86_400, exp: nowS + 65 * 86_400 }, 'lifetime too long'],
    ['nbf ten seconds ahead (refused before the leeway existed, so still)', { nbf: nowS + 10 }, 'invalid token'],
    ['exp ten seconds ago', { iat: nowS - 600, exp: nowS - 10 }, 'token expired'],
  ])('refuses %s', async (_case, claims, message) => {
    await expect(verifier.verify(await signed(claims), now)).rejects.toThrow(message);
  });

  it('refuses a token without iat that would be valid for longer than the longest lifetime', async () => {
    await expect(verifier.verify(await withoutIat(nowS + 2 * 86_400), now)).rejects.toThrow('lifetime too long');
    await expect(verifier.verify(await withoutIat(nowS + 3600), now)).resolves.toMatchObject({ subject: 'subject-1' });
  });

  it.each([
    ['iat within the clock tolerance', { iat: nowS + 30, exp: nowS + 3600 }],
    ['a lifetime of exactly a day', { iat: nowS, exp: nowS + 86_400 }],
  ])('accepts %s', async (_case, claims) => {
    await expect(verifier.verify(await signed(claims), now)).resolves.toMatchObject({ subject: 'subject-1' });
  });

  it('takes its limits from the settings', async () => {
    const strict = new TokenVerifier(settings({ jwtClockToleranceS: 0, jwtMaxLifetimeS: 600 }));
    await expect(strict.verify(await signed({ iat: nowS + 1 }), now)).rejects.toThrow('issued in the future');
    await expect(strict.verify(await signed({ exp: nowS + 601 }), now)).rejects.toThrow('lifetime too long');
    await expect(strict.verify(await signed({ exp: nowS + 600 }), now)).resolves.toMatchObject({ subject: 'subject-1' });
  });

  it.each([
    ['two spaces', (token: string) => `Bearer  ${token}`],
    ['a trailing word', (token: string) => `Bearer ${token} extra`],
    ['another scheme', (token: string) => `Token ${token}`],
  ])('refuses an Authorization header with %s', async (_case, header) => {
    const token = await signed({ iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });
    await expect(verifier.fromHeaders({ authorization: header(token) })).rejects.toThrow('Bearer <token>');
  });
});

/**
 * The same bytes, spelled otherwise: in base64url the last character of a segment whose length is not a multiple of
 * 4 carries bits no byte uses, which lenient decoders ignore.
 */
function flipUnusedBits(segment: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  if (segment.length % 4 === 0) throw new Error('a segment of whole 3-byte groups has no unused bits');
  // The lowest bit of the last character is unused when 2 or 3 characters encode the last group (1 or 2 bytes).
  return segment.slice(0, -1) + alphabet[alphabet.indexOf(segment.at(-1)!) ^ 1];
}
