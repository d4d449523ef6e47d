import { e164Phone, normalizePhone } from './phone-number';

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

describe('e164Phone', () => {
  it.each([
    ['+63 917 123 4567', '+639171234567'],
    ['09171234567', '+639171234567'],
    ['0917-123-4567', '+639171234567'],
    ['917 123 4567', '+639171234567'],
    ['639171234567', '+639171234567'],
    ['0063 917 123 4567', '+639171234567'],
    [' +63 (917) 123-4567 ', '+639171234567'],
    // A Manila landline takes no SMS.
    ['+63 2 8123 4567', null],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
    // No country code and not a Philippine mobile form: which country is meant cannot be told.
    ['(02) 8123 4567', null],
    ['415 555 0100', null],
    // Too short or too long for its country, or no country at all.
    ['+63 917 123 456', null],
    ['+63 917 123 45678', null],
    ['+0 917 123 4567', null],
    ['+1234567', null],
    ['+1 2345 6789 0123 4567', null],
    ['0917 123 4567 ext 2', null],
    ['n/a', null],
    ['', null],
    [null, null],
  ])('%p → %p', (phone, expected) => {
    expect(e164Phone(phone)).toBe(expected);
  });
});
