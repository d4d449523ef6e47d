import { loadConfig } from './config';
import { corsOriginMatcher, listeningUrl } from './http';
import { HttpSettings, trustProxySetting } from './http-settings';

describe('CORS_ORIGINS', () => {
  it.each([
    // By default: local development pages, on any port, and nothing else.
    [undefined, 'http://localhost:5173', true],
    [undefined, 'http://127.0.0.1:8080', true],
    [undefined, 'http://localhost', true],
    [undefined, 'https://localhost:5173', false],
    [undefined, 'http://localhost.evil.example:5173', false],
    [undefined, 'http://127.0.0.1.nip.io:80', false],
    [undefined, 'https://weddingbazaarph.web.app', false],
    [undefined, 'null', false],
    ['https://weddingbazaarph.web.app', 'https://weddingbazaarph.web.app', true],
    ['https://weddingbazaarph.web.app', 'https://WeddingBazaarPH.web.app', true],
    ['https://weddingbazaarph.web.app', 'http://weddingbazaarph.web.app', false],
    ['https://weddingbazaarph.web.app', 'https://weddingbazaarph.web.app:8443', false],
    ['https://weddingbazaarph.web.app', 'http://localhost:5173', false],
    ['https://a.example, https://b.example:8443', 'https://b.example:8443', true],
    ['http://[::1]:*', 'http://[::1]:3000', true],
    ['none', 'http://localhost:5173', false],
  ])('CORS_ORIGINS=%p allows %s: %p', (variable, origin, allowed) => {
    const { corsOrigins } = loadConfig(HttpSettings, variable === undefined ? {} : { CORS_ORIGINS: variable });
    expect(corsOriginMatcher(corsOrigins)(origin)).toBe(allowed);
  });

  it.each(['*', 'localhost:5173', 'https://a.example/', 'https://a.example/path', 'ftp://a.example', 'none,http://a.example'])(
    'refuses %p at start-up',
    (variable) => {
      expect(() => loadConfig(HttpSettings, { CORS_ORIGINS: variable })).toThrow('CORS_ORIGINS');
    },
  );
});

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['10.0.0.1, 10.0.0.0/8,fd00::/8', ['10.0.0.1', '10.0.0.0/8', 'fd00::/8']],
    ['192.168.0.0/255.255.0.0', ['192.168.0.0/255.255.0.0']],
  ])('TRUST_PROXY=%p is Express’s %p', (variable, setting) => {
    const { trustProxy } = loadConfig(HttpSettings, variable === undefined ? {} : { TRUST_PROXY: variable });
    expect(trustProxySetting(trustProxy)).toEqual(setting);
  });

  // `true` would believe any client's X-Forwarded-For, and give each forged address a fresh rate-limit bucket.
  it.each(['true', 'yes', 'proxy.internal', '10.0.0.0/8/8', '-1', '1.5'])('refuses %p at start-up', (variable) => {
    expect(() => loadConfig(HttpSettings, { TRUST_PROXY: variable })).toThrow('TRUST_PROXY');
  });
});

describe('HOST and the start-up log', () => {
  it('listens on 127.0.0.1 unless told otherwise', () => {
    expect(loadConfig(HttpSettings, {}).host).toBe('127.0.0.1');
    expect(loadConfig(HttpSettings, { HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it.each([
    [{ address: '0.0.0.0', family: 'IPv4', port: 3001 }, 'http://0.0.0.0:3001'],
    [{ address: '127.0.0.1', family: 'IPv4', port: 3001 }, 'http://127.0.0.1:3001'],
    [{ address: '::', family: 'IPv6', port: 3002 }, 'http://[::]:3002'],
  ])('a socket on %j says %s', (address, url) => {
    expect(listeningUrl(address)).toBe(url);
  });
});

describe('token settings', () => {
  it('default to a 30 s clock tolerance and a day’s lifetime', () => {
    expect(loadConfig(HttpSettings, {})).toMatchObject({ jwtClockToleranceS: 30, jwtMaxLifetimeS: 86_400 });
    expect(loadConfig(HttpSettings, { JWT_CLOCK_TOLERANCE_S: '5', JWT_MAX_LIFETIME_S: '3600' })).toMatchObject({
      jwtClockToleranceS: 5,
      jwtMaxLifetimeS: 3600,
    });
    expect(() => loadConfig(HttpSettings, { JWT_MAX_LIFETIME_S: '0' })).toThrow('JWT_MAX_LIFETIME_S');
  });
});
