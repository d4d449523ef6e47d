// What arrives from outside (an HTTP body, an event off the wire) but could not be stored as it was sent, or copied
// faithfully by class-transformer: found by one walk, shared by the HTTP input check and parseEvent.

/** NUL, or half of a surrogate pair: PostgreSQL stores neither in text or jsonb, neither is UTF-8, and validator's
 * isEmail throws a URIError on the second. */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** The same, for replacing every match (String#replace resets a global pattern's lastIndex, so sharing it is safe). */
const EVERY_UNSTORABLE_CHARACTER = new RegExp(UNSTORABLE_TEXT.source, 'g');
/**
 * Names that class-transformer skips silently (`toString`, `valueOf`, …: the copy would lose them) or reads as the
 * class to build (`constructor`, a TypeError), and that Nest strips (`__proto__`, `constructor`, `prototype`).
 */
const PROTOTYPE_MEMBERS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * Text of our own making (an error message that may quote anything) made storable: NUL and halves of surrogate pairs
 * become U+FFFD, and it is cut to `maxLength` code points (as @MaxLength counts), never inside a pair.
 */
export function toStorableText(text: string, maxLength: number): string {
  return Array.from(text.replace(EVERY_UNSTORABLE_CHARACTER, '\ufffd')).slice(0, maxLength).join('');
}

export type UnstorableKind = 'text' | 'name' | 'number' | 'depth' | 'prototype member';

export interface Unstorable {
  kind: UnstorableKind;
  /** Dotted path from the top (`metadata.a.b`); '' for the input itself. For `depth`, the top-level field. */
  path: string;
  /** What is wrong, to follow the path: `must not contain NUL characters or unpaired surrogates`. */
  message: string;
}

/**
 * Text with NUL or half a surrogate pair (in values or property names), numbers that JSON cannot carry (1e999 parses
 * to Infinity, stored as null), containers nested more than `maxDepth` levels below the input (deep enough would
 * overflow class-transformer's recursion: a RangeError), and prototype members used as property names. Walks with an
 * explicit stack for the same reason, and stops after `maxProblems`.
 */
export function findUnstorable(input: unknown, maxDepth: number, maxProblems = 10): Unstorable[] {
  const problems: Unstorable[] = [];
  const pending: [value: unknown, path: string, depth: number][] = [[input, '', 0]];
  while (pending.length > 0 && problems.length < maxProblems) {
    const [value, path, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) {
        problems.push({ kind: 'text', path, message: 'must not contain NUL characters or unpaired surrogates' });
      }
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.push({ kind: 'number', path, message: 'must be a finite number' });
    } else if (value !== null && typeof value === 'object') {
      if (depth > maxDepth) {
        const field = path.split('.')[0];
        problems.push({ kind: 'depth', path: field, message: `must not be nested more than ${maxDepth} levels deep` });
        continue;
      }
      // Reversed onto the stack, so that problems come out in the input's order.
      for (const [key, child] of Object.entries(value).reverse()) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (UNSTORABLE_TEXT.test(key)) {
          const message = 'must not have property names with NUL characters or unpaired surrogates';
          problems.push({ kind: 'name', path, message });
        } else if (!Array.isArray(value) && PROTOTYPE_MEMBERS.has(key)) {
          problems.push({ kind: 'prototype member', path: childPath, message: 'is not allowed as a property name' });
        } else {
          pending.push([child, childPath, depth + 1]);
        }
      }
    }
  }
  return problems;
}
