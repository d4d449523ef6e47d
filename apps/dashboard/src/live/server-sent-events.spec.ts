import { ServerSentEventParser } from './server-sent-events';

describe('ServerSentEventParser', () => {
  it.each([
    ['one event', ['event: ready\ndata: {}\n\n'], [{ event: 'ready', data: '{}' }]],
    ['no event name', ['data: x\n\n'], [{ event: 'message', data: 'x' }]],
    ['data on two lines', ['data: a\ndata: b\n\n'], [{ event: 'message', data: 'a\nb' }]],
    ['no space after the colon', ['event:activity\ndata:{"a":1}\n\n'], [{ event: 'activity', data: '{"a":1}' }]],
    ['split mid-line', ['event: act', 'ivity\nda', 'ta: 1\n', '\n'], [{ event: 'activity', data: '1' }]],
    ['CRLF line ends', ['event: ready\r\ndata: {}\r\n\r\n'], [{ event: 'ready', data: '{}' }]],
    ['CRLF split between CR and LF', ['data: 1\r', '\n\r', '\n'], [{ event: 'message', data: '1' }]],
    ['CR line ends (a last CR waits for what follows)', ['data: 1\r\r', 'data: 2'], [{ event: 'message', data: '1' }]],
    ['a heartbeat comment between events', ['data: 1\n\n: heartbeat\n\ndata: 2\n\n'], [
      { event: 'message', data: '1' },
      { event: 'message', data: '2' },
    ]],
    ['retry and id fields only', ['retry: 2000\n\nid: 7\n\n'], []],
    ['an event not yet ended', ['event: ready\ndata: {}\n'], []],
  ])('%s', (_case, chunks, expected) => {
    const parser = new ServerSentEventParser();
    expect(chunks.flatMap((chunk) => parser.push(chunk))).toEqual(expected);
  });

  it('counts comments (heartbeats)', () => {
    const parser = new ServerSentEventParser();
    parser.push(': heartbeat\n\n: heartbeat\n\n');
    expect(parser.comments).toBe(2);
  });
});
