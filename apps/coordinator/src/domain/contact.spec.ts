import { normalizeEmail, normalizePhone } from './contact';

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

describe('normalizePhone', () => {
  it.each([
    ['+63 917 123 4567', '639171234567'],
    ['+639171234567', '639171234567'],
    ['09171234567', '639171234567'],
    ['0917-123-4567', '639171234567'],
    ['(0917) 123 4567', '639171234567'],
    ['917 123 4567', '639171234567'],
    ['0063 917 123 4567', '639171234567'],
    ['+1 (415) 555-0100', '14155550100'],
    ['(02) 8123 4567', '0281234567'],
    ['12345', null],
    ['n/a', null],
    ['', null],
    [null, null],
  ])('%p → %p', (phone, expected) => {
    expect(normalizePhone(phone)).toBe(expected);
  });
});
