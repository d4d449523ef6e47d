import { addressRange, isAllowedPrivate, parseTargets, refusalOf } from './target-address';

describe('addressRange', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['fec0::1', 'reserved'],
    // IPv4-mapped IPv6 is the IPv4 address it maps: no way around the rules.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:8.8.8.8', 'public'],
    ['example.com', 'invalid'],
  ])('%s is %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });
});

describe('parseTargets', () => {
  it('reads addresses and CIDR ranges, and an empty list', () => {
    expect(parseTargets('')).toEqual([]);
    expect(parseTargets(' 127.0.0.1/32 , 10.1.0.0/16,::1 ')).toHaveLength(3);
  });

  it.each(['localhost', '10.0.0.0/33', '127.0.0.1/32,nope', '1.2.3'])('refuses %s', (list) => {
    expect(parseTargets(list)).toBeUndefined();
  });
});

describe('refusalOf', () => {
  const allowed = parseTargets('127.0.0.1/32, 10.1.0.0/16')!;

  it.each([
    ['93.184.216.34', 'https:', undefined],
    ['93.184.216.34', 'http:', 'plain http is allowed only to WEBHOOK_ALLOWED_PRIVATE_TARGETS; use https'],
    ['127.0.0.1', 'http:', undefined],
    ['::ffff:127.0.0.1', 'http:', undefined],
    ['127.0.0.2', 'http:', '127.0.0.2 is a loopback address'],
    ['10.1.200.3', 'https:', undefined],
    ['10.2.0.1', 'https:', '10.2.0.1 is a private address'],
    ['169.254.169.254', 'http:', '169.254.169.254 is a linkLocal address'],
    ['::1', 'https:', '::1 is a loopback address'],
  ] as const)('%s over %s → %s', (address, protocol, refusal) => {
    expect(refusalOf(address, protocol, allowed)).toBe(refusal);
  });

  it('allows nothing private by default', () => {
    expect(isAllowedPrivate('127.0.0.1', parseTargets('')!)).toBe(false);
    expect(refusalOf('127.0.0.1', 'http:', [])).toBe('127.0.0.1 is a loopback address');
  });
});
