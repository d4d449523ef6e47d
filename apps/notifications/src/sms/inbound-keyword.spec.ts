import { inboundKeyword } from './inbound-keyword';

describe('inboundKeyword', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['  Stop.  ', 'stop'],
    ['STOP!', 'stop'],
    ['StopAll', 'stop'],
    ['unsubscribe', 'stop'],
    ['CANCEL', 'stop'],
    ['end', 'stop'],
    ['Quit', 'stop'],
    ['START', 'start'],
    ['start', 'start'],
    ['UNSTOP', 'start'],
    [' unstop! ', 'start'],
    ['YES', 'yes'],
    ['yes.', 'yes'],
    [' Yes! ', 'yes'],
    ['yes please', undefined],
    ['yess', undefined],
    ['Y', undefined],
    // A sentence that mentions a keyword is a message, not a command.
    ['please stop the music', undefined],
    ['STOP IT', undefined],
    ['stopped', undefined],
    ['restart', undefined],
    ['Thanks!', undefined],
    ['', undefined],
  ])('%p → %p', (message, expected) => {
    expect(inboundKeyword(message)).toBe(expected);
  });
});
