import { normalizeEmail } from './contact';

describe('normalizeEmail', () => {
  it.each([
    ['Couple@Email.com', 'couple@email.com'],
    ['  couple@email.com ', 'couple@email.com'],
    ['JOHN.JANE@EXAMPLE.PH', 'john.jane@example.ph'],
    ['   ', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%p → %p', (email, expected) => {
    expect(normalizeEmail(email)).toBe(expected);
  });
});
