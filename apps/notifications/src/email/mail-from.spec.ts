import { mailFromAddress, messageIdFor } from './mail-from';

describe('mailFromAddress', () => {
  it.each([
    ['notifications@ayos.ph', 'notifications@ayos.ph'],
    ['Wedding Coordinator <notifications@localhost>', 'notifications@localhost'],
    ['"Ayos Events, Manila" <hello@ayos.ph>', 'hello@ayos.ph'],
    ['  <hello@ayos.ph>  ', 'hello@ayos.ph'],
    ['', undefined],
    ['Wedding Coordinator', undefined],
    ['a@x.ph, b@y.ph', undefined],
    ['Name <a@x.ph> <b@y.ph>', undefined],
    ['<not an address>', undefined],
  ])('%p → %p', (mailFrom, address) => {
    expect(mailFromAddress(mailFrom)).toBe(address);
  });
});

describe('messageIdFor', () => {
  it('names the email by its notification, in the domain of the sender', () => {
    expect(messageIdFor('5e0c6b8e-3f5c-4a53-9c1e-5b1f0f4b8a11', 'Ayos <notifications@mail.ayos.ph>')).toBe(
      '<5e0c6b8e-3f5c-4a53-9c1e-5b1f0f4b8a11@mail.ayos.ph>',
    );
  });
});
