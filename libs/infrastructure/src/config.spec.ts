import { IsInt, IsString, Min } from 'class-validator';
import { Env, IsTimeZone, loadConfig, Secret } from './config';

class BaseSettings {
  @Env('SHARED_LIMIT') @IsInt() @Min(0) limit = 10;
}

class AppSettings extends BaseSettings {
  @Env('APP_PORT') @IsInt() @Min(1) port = 3000;
  @Env('APP_NAME') @IsString() name = 'app';
  @Env('APP_DELAYS') @IsInt({ each: true }) delays: number[] = [1, 2];
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig(AppSettings, {})).toMatchObject({ port: 3000, name: 'app', limit: 10, delays: [1, 2] });
  });

  it('reads variables of the class and of the classes it extends, converting by the default type', () => {
    const config = loadConfig(AppSettings, { APP_PORT: '8080', APP_NAME: 'x', SHARED_LIMIT: '0', APP_DELAYS: '5, 6,7' });
    expect(config).toMatchObject({ port: 8080, name: 'x', limit: 0, delays: [5, 6, 7] });
  });

  it('lets overrides win over variables', () => {
    expect(loadConfig(AppSettings, { APP_PORT: '8080' }, { port: 1 }).port).toBe(1);
  });

  it.each([
    [{ APP_PORT: 'eighty' }, 'APP_PORT'],
    [{ SHARED_LIMIT: '-1' }, 'SHARED_LIMIT'],
    [{ APP_DELAYS: '1,x' }, 'APP_DELAYS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(AppSettings, env)).toThrow(variable);
  });
});

class ZoneSettings {
  @Env('ZONE') @IsTimeZone() zone = 'Asia/Manila';
}

describe('IsTimeZone', () => {
  it.each([
    ['Asia/Manila', true],
    ['UTC', true],
    ['America/New_York', true],
    ['Mars/Olympus_Mons', false],
    ['Manila', false],
  ])('%p valid: %p', (zone, valid) => {
    const load = () => loadConfig(ZoneSettings, { ZONE: zone });
    if (valid) expect(load().zone).toBe(zone);
    else expect(load).toThrow('ZONE');
  });
});

class RenamedSettings {
  @Env('NEW_ZONE', 'OLD_ZONE') @IsTimeZone() zone = 'Asia/Manila';
  @Env('NAMES') @IsString({ each: true }) names: string[] = ['a', 'b'];
}

describe('Env with an older name', () => {
  it.each([
    [{}, 'Asia/Manila'],
    [{ NEW_ZONE: 'UTC' }, 'UTC'],
    [{ OLD_ZONE: 'Europe/Paris' }, 'Europe/Paris'],
    [{ NEW_ZONE: 'UTC', OLD_ZONE: 'Europe/Paris' }, 'UTC'],
    [{ NEW_ZONE: '', OLD_ZONE: 'Europe/Paris' }, 'Europe/Paris'],
  ])('%j → %s', (env, zone) => {
    expect(loadConfig(RenamedSettings, env).zone).toBe(zone);
  });

  it('names the setting’s own variable when the older one holds a bad value', () => {
    expect(() => loadConfig(RenamedSettings, { OLD_ZONE: 'Mars/Olympus_Mons' })).toThrow('NEW_ZONE');
  });

  it('reads a list of strings, trimmed, when the default is one', () => {
    expect(loadConfig(RenamedSettings, { NAMES: ' x, y ,z' }).names).toEqual(['x', 'y', 'z']);
  });
});

class SecretSettings {
  @Env('MODE') @IsString() mode = 'hs';
  @Env('SIGNING_SECRET') @Secret({ when: (c: SecretSettings) => c.mode === 'hs' }) @IsString() signingSecret = 'local-development-secret-change-me-in-production';
  @Env('OPTIONAL_TOKEN') @Secret({ optional: true }) @IsString() optionalToken = '';
  @Env('OLD_KEYS') @Secret({ optional: true, list: true }) @IsString() oldKeys = '';
}

describe('Secret', () => {
  const strong = 'Yq3v9Jx0cW2pN8bT5rL1mZ7dH4sK6fA0gE2uI9oP3wR=';

  it.each([
    [{}, undefined],
    [{ NODE_ENV: 'development' }, undefined],
    [{ NODE_ENV: 'production' }, /SIGNING_SECRET is a published placeholder/],
    [{ NODE_ENV: 'production', SIGNING_SECRET: 'too-short' }, /SIGNING_SECRET is 9 bytes long/],
    [{ NODE_ENV: 'production', SIGNING_SECRET: strong }, undefined],
    // Not used in this mode: not checked.
    [{ NODE_ENV: 'production', MODE: 'rs' }, undefined],
    [{ NODE_ENV: 'production', SIGNING_SECRET: strong, OPTIONAL_TOKEN: 'changeme' }, /OPTIONAL_TOKEN is a published placeholder/],
    [{ NODE_ENV: 'production', SIGNING_SECRET: strong, OPTIONAL_TOKEN: strong }, undefined],
    [{ NODE_ENV: 'production', SIGNING_SECRET: strong, OLD_KEYS: `${strong}, short` }, /OLD_KEYS \(item 2\) is 5 bytes long/],
    [{ NODE_ENV: 'production', SIGNING_SECRET: strong, OLD_KEYS: `${strong},${strong.slice(1)}` }, undefined],
  ])('%j → %p', (env, refusal) => {
    if (refusal === undefined) expect(() => loadConfig(SecretSettings, env)).not.toThrow();
    else expect(() => loadConfig(SecretSettings, env)).toThrow(refusal);
  });

  it('lists every refused secret at once, under a heading that says why', () => {
    expect(() => loadConfig(SecretSettings, { NODE_ENV: 'production', OPTIONAL_TOKEN: 'x' })).toThrow(
      /^invalid configuration for production \(NODE_ENV=production\):\n {2}SIGNING_SECRET .*\n {2}OPTIONAL_TOKEN is 1 byte long/,
    );
  });
});
