// Property-based tests of POST /api/bookings/request through real HTTP and PostgreSQL: thousands of generated
// bodies, valid ones answered 201 with exactly one booking and one outbox row stored as sent, every other one answered
// 4xx with a message and nothing stored. fast-check prints the seed and path of any failure to replay it.
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { Pool } from 'pg';
import { BookingCreated, DATE_ONLY, MAX_AMOUNT, MAX_GUEST_COUNT, parseEvent } from '@wedding/contracts';
import { requestJson } from '@wedding/testing';
import { CreateBookingDto } from '../src/bookings/dto/create-booking.dto';
import { BookingsUnderTest, startBookingsUnderTest } from './bookings-under-test';

type Body = Record<string, unknown>;
/** What goes over the wire: a JSON value, or raw text or bytes when the JSON itself is the point. */
interface Attempt {
  kind: string;
  body: unknown;
  raw?: string | Buffer;
  contentType?: string;
}

const DAY_MS = 86_400_000;
const dayFromToday = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The request's fields, read from the DTO's rules so that this spec cannot drift from it. */
const DTO_FIELDS = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(CreateBookingDto, '', true, false)
      .map((m) => m.propertyName),
  ),
];
const KNOWN_NAMES = new Set(DTO_FIELDS.flatMap((field) => [field, snakeCase(field)]));
/** What couples type, trimmed by the request before validation; only whitespace is absent. */
const TRIMMED = ['coupleName', 'contactPerson', 'contactEmail', 'contactPhone', 'eventLocation', 'budgetRange'];
/** A value as the request reads it (the DTO's own transformations: trimming, 0 guests as "not said"). */
const asRead = (field: string, value: unknown) =>
  (plainToInstance(CreateBookingDto, { [field]: value }) as unknown as Body)[field];
const PROTOTYPE_MEMBERS = [...Object.getOwnPropertyNames(Object.prototype), 'prototype'];
const MAX_NESTING = 32;
const BODY_LIMIT_BYTES = 64 * 1024;

// ---- valid values ------------------------------------------------------------------------------------------------

/** Printable ASCII mostly, then any code point PostgreSQL can store: controls, RTL marks, BOM, astral, U+FFFF. */
const storableChar = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 6 },
  { arbitrary: fc.integer({ min: 1, max: 0xd7ff }).map((c) => String.fromCodePoint(c)), weight: 2 },
  { arbitrary: fc.integer({ min: 0xe000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 2 },
  {
    arbitrary: fc.constantFrom(' ', '\t', '\n', '\u0001', '\u007f', '\u00a0', '\u200b', '\u202e', '\u2028', '\ufeff'),
    weight: 1,
  },
);
const TRICKY_TEXT = [
  "Robert'); DROP TABLE bookings;--",
  "' OR '1'='1",
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '${7*7} {{7*7}} #{7*7} %s%n',
  '../../etc/passwd',
  '\u202eevil\u202c',
  'e\u0301 👩‍❤️‍👨 🏳️‍🌈',
  '\ufffd\uffff',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
];
const text = (maxLength: number, minLength = 0) =>
  fc.oneof(
    { arbitrary: fc.string({ unit: storableChar, minLength, maxLength }), weight: 6 },
    { arbitrary: fc.string({ unit: storableChar, minLength: maxLength, maxLength }), weight: 1 },
    { arbitrary: fc.constantFrom(...TRICKY_TEXT.filter((t) => t.length <= maxLength)), weight: 2 },
  );
const futureDate = fc
  .integer({ min: 2, max: Math.floor((Date.UTC(9999, 11, 31) - Date.now()) / DAY_MS) })
  .map(dayFromToday);
const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
const email = fc
  .tuple(
    fc.array(fc.stringMatching(/^(?:[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]|ñ|é|ü|中){1,12}$/), { minLength: 1, maxLength: 3 }),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.stringMatching(/^[a-zA-Z]{2,8}$/),
  )
  .map(([local, domain, tld]) => ({ local: local.join('.'), domain: `${domain.join('.')}.${tld}` }))
  // RFC 5321: a local part of at most 64 bytes (中 takes 3).
  .filter(({ local }) => Buffer.byteLength(local) <= 64)
  .map(({ local, domain }) => `${local}@${domain}`);
/** Whitespace a couple may type around what they type; the request trims it. */
const padding = fc.constantFrom('', '', '', ' ', '  ', '\t', '\n', '\u00a0', '\u3000');
const padded = (value: fc.Arbitrary<string>) => fc.tuple(padding, value, padding).map(([a, v, b]) => `${a}${v}${b}`);
const phoneSeparator = fc.constantFrom('', '', ' ', '-', '.', '(', ') ', '\u00a0');
const phoneDigits = fc.array(fc.tuple(phoneSeparator, fc.integer({ min: 0, max: 9 })), { minLength: 7, maxLength: 15 });
const phone = fc
  .tuple(fc.boolean(), phoneDigits)
  .map(([plus, digits]) => `${plus ? '+' : ''}${digits.map(([separator, digit]) => `${separator}${digit}`).join('')}`)
  .filter((p) => p.length <= 32);
const timeOfDay = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const amount = fc.bigInt({ min: 0n, max: BigInt(Math.round(MAX_AMOUNT * 100)) }).map((cents) => Number(cents) / 100);
const coupleId = fc.stringMatching(/^[\x21-\x7e]{1,64}$/);
/** A name with something in it besides whitespace. */
const name = text(200, 1).filter((t) => t.trim().length > 0);
const jsonKey = fc.string({ unit: storableChar, maxLength: 12 }).filter((key) => !PROTOTYPE_MEMBERS.includes(key));
const { metadataObject } = fc.letrec<{ json: unknown; metadataObject: Body }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text(30),
    fc.array(tie('json'), { maxLength: 4 }),
    tie('metadataObject'),
  ),
  metadataObject: fc.dictionary(jsonKey, tie('json'), { maxKeys: 6 }),
}));
/** metadata nested exactly as deep as a body may go: metadata is level 1, the innermost object level 32. */
const nestedToTheLimit = fc.constant(nest(MAX_NESTING - 1, { deepest: true }, 'objects') as Body);
const metadata = fc
  .oneof({ arbitrary: metadataObject, weight: 5 }, { arbitrary: nestedToTheLimit, weight: 1 })
  .filter((m) => Buffer.byteLength(JSON.stringify(m)) <= 4096);

/** Absent, null (the frontend's "not said") or a value. */
const optional = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: value, weight: 3 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );

/** One valid value per field; who the couple is and how to reach them are chosen so that one of each is present. */
const validFields = (vendorIds: string[]): fc.Arbitrary<Body> =>
  fc
    .record({
      vendorId: fc.constantFrom(...vendorIds),
      eventDate: futureDate,
      names: fc.constantFrom('couple', 'contact', 'both'),
      coupleName: name,
      contactPerson: name,
      reach: fc.constantFrom('email', 'phone', 'both'),
      contactEmail: padded(email),
      contactPhone: padded(phone),
      absentAs: fc.constantFrom(undefined, null),
      serviceId: optional(text(64)),
      serviceType: optional(text(200)),
      serviceName: optional(text(200)),
      coupleId: optional(coupleId),
      preferredContactMethod: optional(text(32)),
      eventTime: optional(timeOfDay),
      eventEndTime: optional(timeOfDay),
      eventLocation: optional(text(500)),
      venueDetails: optional(text(2000)),
      guestCount: optional(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: MAX_GUEST_COUNT }))),
      budgetRange: optional(text(64)),
      totalAmount: optional(amount),
      specialRequests: optional(text(4000)),
      metadata: optional(metadata),
    })
    .map(({ names, reach, absentAs, ...fields }) => {
      if (names === 'contact') fields.coupleName = absentAs as never;
      if (names === 'couple') fields.contactPerson = absentAs as never;
      if (reach === 'phone') fields.contactEmail = absentAs as never;
      if (reach === 'email') fields.contactPhone = absentAs as never;
      return withoutUndefined(fields);
    });

/** How the frontend spells a field: camelCase, its snake_case twin, both, or one of them with the other null. */
type Spelling = 'camel' | 'snake' | 'both' | 'camel, snake null' | 'snake, camel null';
const spelling = fc.constantFrom<Spelling>('camel', 'snake', 'both', 'camel, snake null', 'snake, camel null');

function spell(fields: Body, spellings: Spelling[]): Body {
  const body: Body = {};
  Object.entries(fields).forEach(([field, value], i) => {
    const twin = snakeCase(field);
    const how = twin === field ? 'camel' : spellings[i % spellings.length];
    if (how === 'camel' || how === 'both') setOwn(body, field, value);
    if (how === 'snake' || how === 'both') setOwn(body, twin, structuredClone(value));
    if (how === 'camel, snake null') Object.assign(body, { [field]: value, [twin]: null });
    if (how === 'snake, camel null') Object.assign(body, { [field]: null, [twin]: value });
  });
  return body;
}

const validAttempt = (vendorIds: string[]) =>
  fc
    .tuple(validFields(vendorIds), fc.array(spelling, { minLength: 1, maxLength: 30 }))
    .map(([fields, spellings]) => ({ fields, body: spell(fields, spellings) }))
    .filter(({ body }) => Buffer.byteLength(JSON.stringify(body)) <= BODY_LIMIT_BYTES);

// ---- values that break a rule ------------------------------------------------------------------------------------

/** Text PostgreSQL cannot store: NUL, or half of a surrogate pair (the rest is ASCII, so no pair can form). */
const unstorableText = fc
  .tuple(fc.string(), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'), fc.string())
  .map(([before, bad, after]) => `${before}${bad}${after}`);
/** Deeper than a body may go; as objects only to 1000 levels (JSON.stringify itself recurses), deeper as raw text. */
const tooDeep = fc
  .tuple(fc.integer({ min: MAX_NESTING + 1, max: 1000 }), fc.constantFrom<'arrays' | 'objects'>('arrays', 'objects'))
  .map(([depth, kind]) => nest(depth, 'bottom', kind));
const tooDeepJson = fc
  .tuple(fc.integer({ min: MAX_NESTING + 1, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}']))
  .map(([depth, [open, close]]) => `${open.repeat(depth)}1${close.repeat(depth)}`);
const jsonLeaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string());
/** Anything but a string (and never null, which an optional field accepts). */
const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(1e308, -1e308, 5e-324, -0, 0, true, false),
  fc.array(jsonLeaf, { maxLength: 3 }),
  fc.dictionary(fc.string(), jsonLeaf, { maxKeys: 3 }),
  fc.constant({ $gt: '' }),
  tooDeep,
);
const tooLong = (maxLength: number) =>
  fc.oneof(
    // Too long even once trimmed.
    fc.string({ minLength: maxLength + 1, maxLength: maxLength + 50 }).filter((t) => t.trim().length > maxLength),
    fc.integer({ min: 10_000, max: 80_000 }).map((n) => 'x'.repeat(n)),
  );
const badOptionalText = (maxLength: number) => fc.oneof(notAString, tooLong(maxLength), unstorableText);
// Not '' nor whitespace: trimmed, that is absent, which the other name may make up for.
const badName = fc.oneof(notAString, tooLong(200), unstorableText);
const injection = fc.constantFrom("' OR '1'='1", '1; DROP TABLE bookings;--', '<script>alert(1)</script>', '$where');
const badVendorId = fc.oneof(
  notAString,
  fc.constant(null),
  injection,
  unstorableText,
  fc.string().filter((s) => !/^[0-9a-f-]{36}$/i.test(s)),
  fc.uuid().map((id) => id.replace(/-/g, '')),
  fc.uuid().map((id) => ` ${id}`),
  // Well-formed, but no such vendor: 422.
  fc.uuid(),
  fc.constant('00000000-0000-0000-0000-000000000000'),
);
const pastDate = fc.integer({ min: -3_000_000, max: -2 }).map(dayFromToday).filter((d) => DATE_ONLY.test(d));
const badEventDate = fc.oneof(
  notAString,
  fc.constant(null),
  injection,
  unstorableText,
  pastDate,
  fc.constantFrom('2025-02-30', '2027-02-29', '2100-02-29', '2027-13-01', '2027-00-10', '2027-04-31', '2027-12-32'),
  fc.constantFrom('31/12/2027', '2027-1-1', '20271231', '2027-12-31T00:00:00Z', ' 2027-12-31', '２０２７-１２-３１'),
  fc.constantFrom('+02027-12-31', '2027-12-31\n', 'tomorrow', '', '0000-00-00', '99999-01-01'),
  fc.string().filter((s) => !DATE_ONLY.test(s)),
);
// Not '' nor whitespace, which is an absent email: valid when there is a phone.
const badEmail = fc.oneof(
  notAString,
  unstorableText,
  fc.string().filter((s) => !s.includes('@') && s.trim() !== ''),
  fc.constantFrom('a@b', '@example.com', 'a@@example.com', 'a b@example.com', 'a@example..com', 'a@-example.com'),
  fc.constant(`${'x'.repeat(250)}@example.com`),
  injection,
);
const badPhone = fc.oneof(
  notAString,
  unstorableText,
  fc.tuple(fc.string(), fc.stringMatching(/^[a-zA-Z]$/), fc.string()).map((parts) => parts.join('')),
  fc.constantFrom('123456', '+1234567890123456', '++639170000000', '0917 555 1234 x'),
  fc.integer({ min: 33, max: 200 }).map((n) => '+63 917 555 1234'.padEnd(n, '-')),
  injection,
);
const badTime = fc.oneof(
  notAString,
  unstorableText,
  fc.constantFrom('24:00', '9:00', '12:60', '12:00:00', 'noon', '', ' 12:00', '１２:００', '12:00\n', '-1:00'),
);
const badGuestCount = fc.oneof(
  fc.integer({ min: -2_147_483_648, max: -1 }),
  fc.integer({ min: MAX_GUEST_COUNT + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(1e308, 1e21, 2 ** 31, 2 ** 53, '150', '0', 'NaN', 'Infinity', '', true, false, [150], { n: 150 }),
  unstorableText,
  tooDeep,
);
const badAmount = fc.oneof(
  fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: MAX_AMOUNT + 0.01, noNaN: true, noDefaultInfinity: true }),
  // Thousandths that are not whole cents.
  fc.integer({ min: 1, max: 1_000_000_000 }).filter((m) => m % 10 !== 0).map((m) => m / 1000),
  fc.constantFrom(1e-7, 5e-324, 0.001, 12.345, 1e21, 1e308, -1, '75000', 'NaN', '', true, [1], { amount: 1 }),
  unstorableText,
);
const withKeyAt = (key: string, depth: number, value: unknown): Body =>
  JSON.parse(`${'{"a":'.repeat(depth)}{${JSON.stringify(key)}:${JSON.stringify(value)}}${'}'.repeat(depth)}`);
const badMetadata = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.array(jsonLeaf, { maxLength: 4 }),
  fc.integer({ min: 4100, max: 30_000 }).map((n) => ({ blob: 'x'.repeat(n) })),
  tooDeep,
  fc.integer({ min: MAX_NESTING + 1, max: 1000 }).map((depth) => nest(depth, 1, 'objects')),
  fc.tuple(fc.constantFrom(...PROTOTYPE_MEMBERS), fc.nat(5), jsonLeaf).map(([k, d, v]) => withKeyAt(k, d, v)),
  fc.tuple(unstorableText, fc.nat(5), jsonLeaf).map(([k, d, v]) => withKeyAt(k, d, v)),
  fc.tuple(fc.string(), fc.nat(5), unstorableText).map(([k, d, v]) => withKeyAt(k, d, v)),
);

/** For each field, values that must be refused. */
const BAD_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  vendorId: badVendorId,
  eventDate: badEventDate,
  coupleName: badName,
  contactPerson: badName,
  contactEmail: badEmail,
  contactPhone: badPhone,
  serviceId: badOptionalText(64),
  serviceType: badOptionalText(200),
  serviceName: badOptionalText(200),
  coupleId: fc.oneof(notAString, tooLong(64), unstorableText, fc.constantFrom('', 'user 42', ' 1-2025-007', 'é')),
  preferredContactMethod: badOptionalText(32),
  eventTime: badTime,
  eventEndTime: badTime,
  eventLocation: badOptionalText(500),
  venueDetails: badOptionalText(2000),
  guestCount: badGuestCount,
  budgetRange: badOptionalText(64),
  totalAmount: badAmount,
  specialRequests: badOptionalText(4000),
  metadata: badMetadata,
};

// ---- hostile requests, each with at least one thing that must be refused -----------------------------------------

/** Members JSON cannot carry (1e999 parses to Infinity) or that are not JSON at all. */
const ODD_MEMBERS = [
  '"guestCount":1e999',
  '"totalAmount":-1e999',
  '"metadata":{"x":1e400}',
  '"guestCount":NaN',
  "'eventTime':'10:00'",
  '"a":undefined',
  '"metadata":{"a":1,}',
];

const hostileAttempt = (vendorIds: string[]): fc.Arbitrary<Attempt> => {
  const valid = validAttempt(vendorIds);
  const base = fc.tuple(validFields(vendorIds), fc.array(spelling, { minLength: 1, maxLength: 30 }));

  const badField = fc
    .constantFrom(...Object.keys(BAD_VALUES))
    .chain((field) => BAD_VALUES[field].map((value) => [field, value] as [string, unknown]));
  const brokenFields = fc
    .tuple(base, fc.uniqueArray(badField, { minLength: 1, maxLength: 3, selector: ([field]) => field }))
    .map(([[fields, spellings], broken]) => ({
      kind: `bad ${broken.map(([field]) => field).join(', ')}`,
      body: spell({ ...fields, ...Object.fromEntries(broken) }, spellings),
    }));

  const requiredGroup = fc.constantFrom(
    ['vendorId'],
    ['eventDate'],
    ['coupleName', 'contactPerson'],
    ['contactEmail', 'contactPhone'],
  );
  const missing = fc
    .tuple(base, requiredGroup, fc.constantFrom(undefined, null))
    .map(([[fields, spellings], gone, absentAs]) => ({
      kind: `missing ${gone.join(' and ')}`,
      body: spell({ ...fields, ...Object.fromEntries(gone.map((field) => [field, absentAs])) }, spellings),
    }));

  const unknownName = fc
    .oneof(
      fc.constantFrom(...PROTOTYPE_MEMBERS),
      fc.constantFrom(...DTO_FIELDS).chain((field) =>
        fc.constantFrom(
          field.toUpperCase(),
          field.toLowerCase(),
          `${field[0].toUpperCase()}${field.slice(1)}`,
          snakeCase(field).replace(/_/g, '-'),
          snakeCase(field).toUpperCase(),
          ` ${field}`,
          `${field}\u200b`,
          `${field}.x`,
          `${field}[]`,
        ),
      ),
      fc.constantFrom('isAdmin', 'id', 'status', 'createdAt', 'coordinatorIntegrationStatus', '$where', ''),
      fc.string(),
      fc.string({ unit: 'binary' }),
    )
    .filter((name) => !KNOWN_NAMES.has(name));
  const unknownFields = fc
    .tuple(valid, fc.array(fc.tuple(unknownName, fc.jsonValue()), { minLength: 1, maxLength: 3 }))
    .map(([{ body: valid }, extras]) => {
      const body = { ...valid };
      for (const [name, value] of extras) setOwn(body, name, value);
      return { kind: `unknown ${extras.map(([name]) => JSON.stringify(name)).join(', ')}`, body };
    });

  const disagreeingTwins = fc
    .tuple(validFields(vendorIds), fc.jsonValue())
    .chain(([fields, other]) => {
      // As the request reads them: an absent one (null, whitespace, 0 guests) or an equal one is no disagreement.
      const present = (field: string, value: unknown) => asRead(field, value) != null;
      const twinned = Object.keys(fields).filter((f) => snakeCase(f) !== f && present(f, fields[f]));
      return fc.constantFrom(...twinned).map((field) => {
        const same = JSON.stringify(asRead(field, other)) === JSON.stringify(asRead(field, fields[field]));
        const twin = !present(field, other) || same ? [other] : other;
        return { kind: `${field} and its twin disagree`, body: { ...fields, [snakeCase(field)]: twin } };
      });
    });

  const malformedJson = fc.oneof(
    valid.chain(({ body }) => {
      const json = JSON.stringify(body);
      return fc
        .integer({ min: 0, max: json.length - 1 })
        .map((n) => ({ kind: 'truncated JSON', body, raw: json.slice(0, n) }));
    }),
    fc.tuple(valid, fc.constantFrom('}', ',', 'x', '{}', '\u0000', '//', ',"a":1}', ']')).map(([{ body }, tail]) => ({
      kind: 'trailing garbage',
      body,
      raw: JSON.stringify(body) + tail,
    })),
    fc.tuple(valid, fc.constantFrom(...Object.keys(BAD_VALUES))).chain(([{ body }, field]) =>
      // Not null: a null camelCase duplicate would let the snake_case twin stand.
      BAD_VALUES[field].filter((bad) => bad !== null).map((bad) => ({
        kind: `duplicate ${field}, the last one bad`,
        body,
        raw: `${JSON.stringify(body).slice(0, -1)},${JSON.stringify(field)}:${JSON.stringify(bad)}}`,
      })),
    ),
    fc.tuple(valid, fc.constantFrom(...(['metadata', 'guest_count', 'coupleName', 'x'] as const)), tooDeepJson).map(
      ([{ body }, field, deep]) => ({
        kind: `${field} nested ${deep.length / 2} deep`,
        body,
        raw: `${JSON.stringify(body).slice(0, -1)},"${field}":${deep}}`,
      }),
    ),
    fc.tuple(valid, fc.constantFrom(...ODD_MEMBERS)).map(([{ body }, member]) => ({
      kind: `member ${member}`,
      body,
      raw: `${JSON.stringify(body).slice(0, -1)},${member}}`,
    })),
    valid.map(({ body }) => ({ kind: 'array of a valid body', body: [body] })),
    fc
      .jsonValue()
      .filter((v) => v === null || typeof v !== 'object' || Array.isArray(v))
      .map((body) => ({ kind: 'not an object', body })),
    fc.string({ unit: 'binary' }).map((raw) => ({ kind: 'random text', body: raw, raw })),
    tooDeepJson.map((raw) => ({ kind: 'deeply nested body', body: raw, raw })),
  );

  // Bytes that are not UTF-8 inside a string value; body-parser would read them as U+FFFD.
  const MARK = 'FUZZ-BYTES-HERE';
  const malformedBytes = fc
    .tuple(valid, fc.constantFrom([0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2]))
    .map(([{ body }, bytes]) => {
      const json = JSON.stringify({ ...body, specialRequests: MARK, special_requests: undefined });
      const [before, after] = json.split(MARK);
      return {
        kind: `bytes ${bytes.map((b) => b.toString(16)).join(' ')} in specialRequests`,
        body,
        raw: Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]),
      };
    });

  const wrongContentType = fc
    .tuple(
      valid,
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/json; charset=utf-32',
      ),
    )
    .map(([{ body }, contentType]) => ({
      kind: `content-type ${contentType}`,
      body,
      raw: JSON.stringify(body),
      contentType,
    }));

  const random = fc
    .oneof(fc.object(), fc.jsonValue(), fc.anything(), fc.dictionary(fc.constantFrom(...KNOWN_NAMES), fc.jsonValue()))
    .map((body) => ({ kind: 'random value', body }));

  return fc.oneof(
    { arbitrary: brokenFields, weight: 8 },
    { arbitrary: missing, weight: 1 },
    { arbitrary: unknownFields, weight: 2 },
    { arbitrary: disagreeingTwins, weight: 1 },
    { arbitrary: malformedJson, weight: 3 },
    { arbitrary: malformedBytes, weight: 1 },
    { arbitrary: wrongContentType, weight: 1 },
    { arbitrary: random, weight: 2 },
  );
};

// ---- the properties ----------------------------------------------------------------------------------------------

describe('POST /api/bookings/request, fuzzed', () => {
  let bookings: BookingsUnderTest;
  let url: string;
  let db: Pool;
  let vendorIds: string[];
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype);

  const countRows = async () => {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM bookings)::int AS bookings, (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    return rows[0] as { bookings: number; outbox: number };
  };

  async function send({ body, raw, contentType }: Attempt): Promise<{ status: number; body: any }> {
    const payload = raw ?? JSON.stringify(body);
    const response = await fetch(`${url}/api/bookings/request`, {
      method: 'POST',
      headers: payload === undefined ? {} : { 'content-type': contentType ?? 'application/json' },
      body: payload,
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) };
    } catch {
      return { status: response.status, body: text };
    }
  }

  beforeAll(async () => {
    bookings = await startBookingsUnderTest('fuzz');
    ({ url, db } = bookings);
    vendorIds = [];
    for (const businessType of ['Wedding Coordination', 'Photography']) {
      const vendor = await requestJson('POST', `${url}/api/vendors`, { businessName: 'Fuzz', businessType });
      expect(vendor.status).toBe(201);
      vendorIds.push(vendor.body.id);
    }
  });

  afterAll(async () => {
    await bookings?.close();
  });

  it('generates every field of the request', () => {
    const generated = new Set(fc.sample(validFields(['v']), 300).flatMap((fields) => Object.keys(fields)));
    expect([...generated].sort()).toEqual([...DTO_FIELDS].sort());
    expect(fc.sample(hostileAttempt(['v']), 300).some((attempt) => attempt.kind.includes('coupleId'))).toBe(true);
  });

  it('answers 201 to any valid request and stores it as sent: one booking row and one outbox row', async () => {
    await fc.assert(
      fc.asyncProperty(validAttempt(vendorIds), async ({ fields, body }) => {
        const before = await countRows();
        const response = await send({ kind: 'valid', body });
        expect({ status: response.status, message: response.body?.message }).toEqual({ status: 201 });
        expect(await countRows()).toEqual({ bookings: before.bookings + 1, outbox: before.outbox + 1 });

        const { rows } = await db.query(
          `SELECT vendor_id, couple_name, contact_person, contact_email, contact_phone, event_date::text, event_time,
                  event_end_time, service_id, service_type, service_name, preferred_contact_method, event_location,
                  venue_details, guest_count, budget_range, total_amount::text, special_requests,
                  metadata, couple_id, claimed_couple_id
             FROM bookings WHERE id = $1`,
          [response.body.booking.id],
        );
        expect(rows).toEqual([expectedRow(fields)]);

        const outbox = await db.query(`SELECT payload FROM outbox WHERE correlation_id = $1`, [response.body.booking.id]);
        expect(outbox.rows).toHaveLength(1);
        const event = parseEvent(BookingCreated, outbox.rows[0].payload);
        const { vendorId, eventDate } = fields;
        expect(event).toMatchObject({ bookingId: response.body.booking.id, vendorId, eventDate });
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('answers 4xx with a message to anything else, never a 5xx, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileAttempt(vendorIds), async (attempt) => {
        const before = await countRows();
        const response = await send(attempt);
        const refused = response.status >= 400 && response.status < 500 && hasMessage(response.body);
        // On failure, shows what came back instead.
        const { kind } = attempt;
        expect(refused ? 'refused' : { kind, status: response.status, body: response.body }).toBe('refused');
        expect(await countRows()).toEqual(before);
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeBefore);
      }),
      { numRuns: 2500 },
    );
  }, 120_000);
});

// ---- helpers -----------------------------------------------------------------------------------------------------

/** The row the bookings table must hold for these (camelCase, twin-free) fields. */
function expectedRow(fields: Body): Body {
  const given = (field: string) => fields[field] ?? null;
  // What couples type is stored trimmed; what is only whitespace, not at all.
  const value = (field: string) => {
    const raw = given(field);
    return TRIMMED.includes(field) && typeof raw === 'string' ? raw.trim() || null : raw;
  };
  return {
    vendor_id: fields.vendorId,
    couple_name: value('coupleName') ?? value('contactPerson'),
    contact_person: value('contactPerson'),
    contact_email: value('contactEmail'),
    contact_phone: value('contactPhone'),
    event_date: fields.eventDate,
    event_time: value('eventTime'),
    event_end_time: value('eventEndTime'),
    service_id: value('serviceId'),
    service_type: value('serviceType'),
    service_name: value('serviceName'),
    preferred_contact_method: value('preferredContactMethod'),
    event_location: value('eventLocation'),
    venue_details: value('venueDetails'),
    // 0 is the frontend's "not said".
    guest_count: value('guestCount') === 0 ? null : value('guestCount'),
    budget_range: value('budgetRange'),
    total_amount: value('totalAmount') === null ? null : Number(value('totalAmount')).toFixed(2),
    special_requests: value('specialRequests'),
    // As JSON carries it: -0 arrives as 0.
    metadata: fields.metadata == null ? null : JSON.parse(JSON.stringify(fields.metadata)),
    // Without a token, who the body says the couple is stays a claim.
    couple_id: null,
    claimed_couple_id: value('coupleId'),
  };
}

function hasMessage(body: unknown): boolean {
  const message = (body as { message?: unknown } | null)?.message;
  return (typeof message === 'string' && message.length > 0) || (Array.isArray(message) && message.length > 0);
}

/** Nested arrays or objects, `depth` levels around `bottom`, built without recursion. */
function nest(depth: number, bottom: unknown, kind: 'arrays' | 'objects'): unknown {
  let value = bottom;
  for (let i = 0; i < depth; i++) value = kind === 'arrays' ? [value] : { a: value };
  return value;
}

/** An own property even for `__proto__`, as JSON.parse would make it (assignment would change the prototype). */
function setOwn(target: Body, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function withoutUndefined(fields: Body): Body {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
