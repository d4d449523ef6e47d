import { readClaims, tokenFromFragment, tokenProblem } from './session-token';

const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
const jwt = (payload: object) => `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}.signature`;
const NOW = Date.UTC(2030, 0, 1);
const coordinatorId = '0b6c1f0e-2f5d-4c61-9a8b-3f1e2d4c5b6a';

describe('tokenFromFragment', () => {
  it.each([
    ['', undefined],
    ['#', undefined],
    ['#token=', undefined],
    ['#other=1', undefined],
    ['#token=abc.def.ghi', { token: 'abc.def.ghi', rest: '' }],
    ['token=abc.def.ghi', { token: 'abc.def.ghi', rest: '' }],
    ['#token=abc.def.ghi&section=2', { token: 'abc.def.ghi', rest: '#section=2' }],
    ['#view=list&token=abc.def.ghi', { token: 'abc.def.ghi', rest: '#view=list' }],
  ])('%j → %j', (hash, expected) => {
    expect(tokenFromFragment(hash)).toEqual(expected);
  });
});

describe('readClaims', () => {
  it('reads subject, role and expiry, with non-ASCII claims', () => {
    expect(readClaims(jwt({ sub: coordinatorId, role: 'coordinator', exp: NOW / 1000, name: 'Jos\u00e9 \u2764' }))).toEqual({
      subject: coordinatorId,
      role: 'coordinator',
      expiresAt: NOW,
    });
  });

  it.each([['not a token'], ['a.b'], ['a.!!!.c'], [jwt({ role: 'coordinator' })], [`x.${Buffer.from('[]').toString('base64url')}.y`]])(
    '%j → undefined',
    (token) => {
      expect(readClaims(token)).toBeUndefined();
    },
  );
});

describe('tokenProblem', () => {
  it.each([
    ['a coordinator token', jwt({ sub: coordinatorId, role: 'coordinator', exp: NOW / 1000 + 60 }), undefined],
    ['with spaces around it', `  ${jwt({ sub: coordinatorId, role: 'coordinator', exp: NOW / 1000 + 60 })}\n`, undefined],
    ['garbage', 'hello', /not a token/],
    ['a couple token', jwt({ sub: coordinatorId, role: 'couple', exp: NOW / 1000 + 60 }), /role "couple"/],
    ['no role', jwt({ sub: coordinatorId, exp: NOW / 1000 + 60 }), /role "none"/],
    ['an expired token', jwt({ sub: coordinatorId, role: 'coordinator', exp: NOW / 1000 }), /expired/],
  ])('%s', (_case, token, expected) => {
    const problem = tokenProblem(token, NOW);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});
