import { codeInText, confirmationCodeMatches, confirmationText, enteredCode, hashConfirmationCode, newConfirmationCode } from './confirmation-code';

describe('confirmation codes', () => {
  it('are six digits, and not the same each time', () => {
    const codes = Array.from({ length: 50 }, newConfirmationCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(45);
  });

  it('are kept as a salted hash that matches the code and nothing else', async () => {
    const stored = await hashConfirmationCode('042917');
    expect(stored).toMatch(/^scrypt\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain('042917');
    // Salted: the same code hashes differently each time.
    expect(await hashConfirmationCode('042917')).not.toBe(stored);
    expect(await confirmationCodeMatches('042917', stored)).toBe(true);
    for (const wrong of ['042918', '42917', '0429170', '', '142917']) expect(await confirmationCodeMatches(wrong, stored)).toBe(false);
  });

  it.each([
    ['', false],
    ['plain', false],
    ['scrypt$$', false],
    ['bcrypt$abc$def', false],
  ])('refuses a stored value that is not a hash of ours: %j', async (stored, expected) => {
    expect(await confirmationCodeMatches('123456', stored)).toBe(expected);
  });

  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['123-456', '123456'],
    ['12345', undefined],
    ['1234567', undefined],
    ['12345a', undefined],
    ['١٢٣٤٥٦', undefined],
  ])('reads what was typed: %j → %j', (typed, code) => {
    expect(enteredCode(typed)).toBe(code);
  });

  it('texts the code in one SMS, and the code can be read back from it', () => {
    const text = confirmationText('007310', 15);
    expect(text).toBe(
      'Wedding Coordinator code: 007310 (valid 15 min). Enter it in your dashboard, or reply YES, to get texts here. Not you? Reply STOP.',
    );
    expect(text.length).toBeLessThanOrEqual(160);
    expect(codeInText(text)).toBe('007310');
    expect(codeInText('New wedding: Maria & Jose, 20 Jul 2030.')).toBeUndefined();
  });
});
