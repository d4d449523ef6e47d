import { exportSPKI, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { TokenVerifier, TokenSettings } from './token-verifier';

const settings = (overrides: Partial<TokenSettings>): TokenSettings => ({
  jwtAlgorithm: 'HS256',
  jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256',
  jwtPublicKey: '',
  jwtJwksUrl: '',
  jwtIssuer: '',
  jwtAudience: '',
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
