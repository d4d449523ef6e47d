import { feedSecret, looksLikeFeedSecret, secretHash } from './feed-secret';

describe('feedSecret', () => {
  const key = 'k'.repeat(32);
  const feedId = '0a8e6f5c-3f0e-4a53-9d53-6f6a2a6f1c11';

  it('is the same for the same key and feed, and of the shape the feed route accepts', () => {
    expect(feedSecret(key, feedId)).toBe(feedSecret(key, feedId));
    expect(looksLikeFeedSecret(feedSecret(key, feedId))).toBe(true);
  });

  it.each([
    ['another feed id (a rotation)', key, '5b7d1c1e-8e8a-4c6b-a5b0-5a1f0e7b9d22'],
    ['another key', 'x'.repeat(32), feedId],
  ])('changes with %s', (_case, otherKey, otherFeed) => {
    expect(feedSecret(otherKey, otherFeed)).not.toBe(feedSecret(key, feedId));
  });

  it('is stored only as its SHA-256', () => {
    const secret = feedSecret(key, feedId);
    expect(secretHash(secret)).toHaveLength(32);
    expect(secretHash(secret).toString('hex')).not.toContain(Buffer.from(secret).toString('hex'));
  });
});

describe('looksLikeFeedSecret', () => {
  it.each([
    ['', false],
    ['a'.repeat(42), false],
    ['a'.repeat(44), false],
    [`${'a'.repeat(42)}/`, false],
    [`${'a'.repeat(42)}.`, false],
    [`${'A1_-'.repeat(10)}abc`, true],
  ])('%j → %s', (text, expected) => {
    expect(looksLikeFeedSecret(text)).toBe(expected);
  });
});
