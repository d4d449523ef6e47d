// What a reply to one of our SMS asks for: the usual opt-out and opt-in keywords, as carriers and the CTIA define them,
// sent alone (with or without punctuation, in any case), and YES, the answer our confirmation code asks for. Anything
// else is a message, not a command.

const STOP = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START = new Set(['START', 'UNSTOP']);

export type InboundKeyword = 'stop' | 'start' | 'yes';

export function inboundKeyword(message: string): InboundKeyword | undefined {
  const word = message.trim().replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '').toUpperCase();
  if (STOP.has(word)) return 'stop';
  if (START.has(word)) return 'start';
  if (word === 'YES') return 'yes';
  return undefined;
}
