// Property-based tests of the BookingCreated contract: whatever arrives off the wire, parseEvent returns the event or
// throws InvalidEventError (the consumer dead-letters it); any other error would be a bug in the contract itself.
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { MAX_AMOUNT } from './amount';
import { BookingCreated } from './booking-created.event';
import { MAX_GUEST_COUNT, METADATA_MAX_BYTES } from './booking-fields';
import { InvalidEventError, parseEvent } from './event-contract';

type Payload = Record<string, unknown>;

/** The contract's fields, read from its validation rules so that this spec cannot drift from the class. */
const CONTRACT_FIELDS = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(BookingCreated, '', true, false)
      .map((m) => m.propertyName),
  ),
];

// ---- valid values, field by field -------------------------------------------------------------------------------

const TRICKY_TEXT = [
  "Robert'); DROP TABLE bookings;--",
  '<script>alert(1)</script>',
  '${7*7} {{7*7}} %s %n',
  '\u202eevil\u202c',
  '\u200b\ufeff\u2028\u2029',
  'e\u0301 👩‍❤️‍👨 🏳️‍🌈',
  '__proto__',
];
/** Any code point but NUL (surrogate pairs included, never half of one): what PostgreSQL can store. */
const storable = (maxLength: number, minLength = 0) =>
  fc.string({ unit: 'binary', minLength, maxLength }).map((s) => s.replace(/\u0000/g, ' '));
const text = (maxLength: number) =>
  fc.oneof(
    { arbitrary: storable(maxLength), weight: 4 },
    { arbitrary: storable(maxLength, maxLength), weight: 1 },
    { arbitrary: fc.constantFrom(...TRICKY_TEXT.filter((t) => t.length <= maxLength)), weight: 2 },
  );
/** Text PostgreSQL cannot store, NUL or half of a surrogate pair, somewhere in ASCII (so that no pair can form). */
const unstorableText = fc
  .tuple(fc.string(), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800'), fc.string())
  .map(([before, bad, after]) => `${before}${bad}${after}`);
// From year 1000: validator's strict ISO 8601 check refuses years before 100 (a Date quirk), no wedding is that old.
const isoDate = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const dateOnly = isoDate.map((iso) => iso.slice(0, 10));
const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?$/);
const email = fc
  .tuple(
    fc.array(fc.stringMatching(/^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,12}$/), { minLength: 1, maxLength: 3 }),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.stringMatching(/^[a-zA-Z]{2,8}$/),
  )
  .map(([local, domain, tld]) => `${local.join('.')}@${domain.join('.')}.${tld}`);
/** Separators and digits as PHONE_PATTERN has them: 7 to 15 digits, at most 32 characters. */
const phone = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.tuple(fc.constantFrom('', '', ' ', '-', '.', '(', ') '), fc.integer({ min: 0, max: 9 })), {
      minLength: 7,
      maxLength: 15,
    }),
  )
  .map(([plus, digits]) => `${plus ? '+' : ''}${digits.map(([separator, digit]) => `${separator}${digit}`).join('')}`)
  .filter((p) => p.length <= 32);
const timeOfDay = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const coupleId = fc.stringMatching(/^[\x21-\x7e]{1,64}$/);
const amount = fc.bigInt({ min: 0n, max: BigInt(Math.round(MAX_AMOUNT * 100)) }).map((cents) => Number(cents) / 100);
/** parseEvent refuses the names of Object.prototype's members as keys: class-transformer drops or chokes on them. */
const isPrototypeMember = (key: string) => key in Object.prototype || key === 'prototype';
const jsonKey = fc.oneof(fc.string(), storable(20)).filter((key) => !isPrototypeMember(key));
const { jsonObject } = fc.letrec<{ json: unknown; jsonObject: Payload }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    storable(40),
    fc.array(tie('json'), { maxLength: 4 }),
    tie('jsonObject'),
  ),
  jsonObject: fc.dictionary(jsonKey, tie('json'), { maxKeys: 6 }),
}));

const fitsMetadata = (value: Payload) => Buffer.byteLength(JSON.stringify(value)) <= METADATA_MAX_BYTES;
const name = (maxLength: number) => text(maxLength).filter((t) => t.length > 0);

/** Optional fields: absent, null, or a valid value. */
const optional = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: value, weight: 3 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );

const validPayload: fc.Arbitrary<Payload> = fc
  .record({
    eventId: fc.uuid(),
    occurredAt: isoDate,
    bookingId: fc.uuid(),
    vendorId: fc.uuid(),
    vendorBusinessName: text(200),
    vendorBusinessType: text(200),
    vendorEmail: optional(email),
    vendorPhone: optional(phone),
    coupleName: name(200),
    eventDate: dateOnly,
    serviceId: optional(text(64)),
    serviceType: optional(text(200)),
    serviceName: optional(text(200)),
    coupleId: optional(coupleId),
    contactPerson: optional(name(200)),
    reach: fc.constantFrom('email', 'phone', 'both'),
    contactEmail: email,
    contactPhone: phone,
    absentAs: fc.constantFrom(undefined, null),
    preferredContactMethod: optional(text(32)),
    eventTime: optional(timeOfDay),
    eventEndTime: optional(timeOfDay),
    eventLocation: optional(text(500)),
    venueDetails: optional(text(2000)),
    guestCount: optional(fc.integer({ min: 1, max: MAX_GUEST_COUNT })),
    budgetRange: optional(text(64)),
    totalAmount: optional(amount),
    specialRequests: optional(text(4000)),
    metadata: optional(jsonObject.filter(fitsMetadata)),
  })
  // The couple can be reached by email, by phone, or both; never by neither.
  .map(({ reach, absentAs, ...payload }) => ({
    ...payload,
    ...(reach === 'phone' ? { contactEmail: absentAs } : {}),
    ...(reach === 'email' ? { contactPhone: absentAs } : {}),
  }))
  .map((payload) => Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined)));

// ---- values that break exactly one rule of one field -------------------------------------------------------------

const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const tooLong = (maxLength: number) => fc.string({ minLength: maxLength + 1, maxLength: maxLength + 40 });
const optionalText = (maxLength: number) => fc.oneof(notAString, tooLong(maxLength), unstorableText);
const requiredText = (maxLength: number) =>
  fc.oneof(notAString, tooLong(maxLength), unstorableText, fc.constant(null));
const notAUuid = fc.oneof(
  notAString,
  fc.constant(null),
  fc.string().filter((s) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)),
  fc.uuid().map((uuid) => uuid.toUpperCase().replace(/-/g, '')),
  fc.uuid().map((uuid) => ` ${uuid}`),
);
const notADateOnly = fc.oneof(
  notAString,
  fc.constant(null),
  fc.constantFrom('2025-02-30', '2027-02-29', '2027-13-01', '2027-00-10', '2027-04-31', '27-01-01', '2027-1-1'),
  fc.constantFrom('2027-02-14T10:00:00Z', '2027-02-14 ', '２０２７-０２-１４', '+002027-02-14', '20270214', ''),
  isoDate,
);
const notAnEmail = fc.oneof(
  notAString,
  unstorableText,
  fc.string().filter((s) => !s.includes('@')),
  fc.constantFrom('a@b', '@example.com', 'a@@example.com', 'a b@example.com', `${'x'.repeat(250)}@example.com`),
);
const badGuestCount = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: MAX_GUEST_COUNT + 1, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(MAX_GUEST_COUNT + 1, 1e308, -0, 1.5, NaN, Infinity, '150', '1e3', true, [150], { value: 150 }),
  fc.double({ noInteger: true }),
);
const badAmount = fc.oneof(
  fc.double({ max: -Number.MIN_VALUE }),
  fc.double({ min: MAX_AMOUNT + 0.01, noNaN: true }),
  fc.constantFrom(1e-7, 5e-324, 0.001, 12.345, 1e21, 1e308, NaN, Infinity, -Infinity, -1, '75000', 'NaN', true, [1]),
);
const notAnObject = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 }));

/** Nested arrays or objects, deeper than any event needs. */
const deeplyNested = fc
  .tuple(fc.integer({ min: 65, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let value: unknown = 'bottom';
    for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
    return value;
  });
/** Own keys named like Object.prototype's members (`__proto__` too, as JSON.parse makes it). */
const prototypeKeys = fc
  .tuple(fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype), 'prototype'), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`) as Payload);
/** An object holding unstorable text a few levels down, as a value or as a property name. */
const unstorableInObject = fc
  .tuple(unstorableText, fc.nat(3), fc.boolean())
  .map(([bad, depth, asName]) => {
    let value: Payload = asName ? { [bad]: 1 } : { note: bad };
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  });
const brokenField: fc.Arbitrary<[field: string, value: unknown]> = fc.oneof(
  fc.tuple(fc.constantFrom('eventId', 'bookingId', 'vendorId'), notAUuid),
  fc.tuple(fc.constant('occurredAt'), fc.oneof(notAString, fc.constant(null), fc.constantFrom('today', '2025-02-30'))),
  fc.tuple(fc.constant('eventDate'), notADateOnly),
  fc.tuple(fc.constantFrom('vendorBusinessName', 'vendorBusinessType'), requiredText(200)),
  fc.tuple(fc.constant('coupleName'), fc.oneof(requiredText(200), fc.constant(''))),
  fc.tuple(fc.constantFrom('serviceId', 'budgetRange'), optionalText(64)),
  fc.tuple(fc.constantFrom('serviceType', 'serviceName'), optionalText(200)),
  fc.tuple(fc.constant('contactPerson'), fc.oneof(optionalText(200), fc.constant(''))),
  fc.tuple(fc.constant('preferredContactMethod'), optionalText(32)),
  fc.tuple(
    fc.constant('contactPhone'),
    fc.oneof(optionalText(32), fc.constantFrom('call me', '123-456', '++639170000000', '0917 555 1234 x', '')),
  ),
  fc.tuple(
    fc.constantFrom('eventTime', 'eventEndTime'),
    fc.oneof(optionalText(16), fc.constantFrom('24:00', '9:00', '12:60', '12:00:00', 'noon', '')),
  ),
  fc.tuple(fc.constant('coupleId'), fc.oneof(optionalText(64), fc.constantFrom('', 'user 42', 'é'))),
  fc.tuple(fc.constant('eventLocation'), optionalText(500)),
  fc.tuple(fc.constant('venueDetails'), optionalText(2000)),
  fc.tuple(fc.constant('specialRequests'), optionalText(4000)),
  fc.tuple(fc.constantFrom('contactEmail', 'vendorEmail'), notAnEmail),
  fc.tuple(fc.constant('vendorPhone'), fc.oneof(optionalText(32), fc.constantFrom('call me', '123-456', ''))),
  fc.tuple(fc.constant('guestCount'), badGuestCount),
  fc.tuple(fc.constant('totalAmount'), badAmount),
  fc.tuple(
    fc.constant('metadata'),
    fc.oneof(notAnObject, deeplyNested, prototypeKeys, unstorableInObject, fc.constant({ blob: 'x'.repeat(4100) })),
  ),
);

// ---- anything at all --------------------------------------------------------------------------------------------

const hostileValue = fc.oneof(
  fc.anything(),
  fc.jsonValue(),
  deeplyNested,
  prototypeKeys,
  fc.constantFrom(-0, NaN, Infinity, 1e308, 5e-324, 1e-7, '1e308', 'NaN', '', '\u0000', '\ud800', 'x'.repeat(100_000)),
);
const hostilePayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.anything({ withNullPrototype: true, withBoxedValues: true, withDate: true, withSparseArray: true }),
  fc.jsonValue(),
  deeplyNested,
  prototypeKeys,
  // A valid event with some of its fields (or extra ones) replaced by anything.
  fc
    .tuple(
      validPayload,
      fc.array(
        fc.tuple(fc.oneof(fc.constantFrom(...CONTRACT_FIELDS), fc.string()), hostileValue),
        { minLength: 1, maxLength: 4 },
      ),
      prototypeKeys,
      fc.boolean(),
    )
    .map(([payload, replacements, pollution, polluted]) => ({
      ...payload,
      ...Object.fromEntries(replacements),
      ...(polluted ? pollution : {}),
    })),
);

// ---- the properties ---------------------------------------------------------------------------------------------

describe('parseEvent(BookingCreated, …) on generated payloads', () => {
  it('generates every field of the contract (a new field must be taught to these generators)', () => {
    const generated = new Set(fc.sample(validPayload, 200).flatMap((payload) => Object.keys(payload)));
    expect([...generated].sort()).toEqual([...CONTRACT_FIELDS].sort());
  });

  it('accepts every valid payload and keeps each value as it was', () => {
    fc.assert(
      fc.property(validPayload, (payload) => {
        const event = parseEvent(BookingCreated, payload);
        expect(event).toBeInstanceOf(BookingCreated);
        expect({ ...event }).toEqual(payload);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a payload that breaks one rule with an InvalidEventError naming the field', () => {
    fc.assert(
      fc.property(validPayload, brokenField, (payload, [field, value]) => {
        const error = thrownBy(() => parseEvent(BookingCreated, { ...payload, [field]: value }));
        expect(error).toBeInstanceOf(InvalidEventError);
        const problems = (error as InvalidEventError).problems;
        expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${field}[.:]`)));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns the event or throws InvalidEventError, never another error, whatever the payload', () => {
    fc.assert(
      fc.property(hostilePayload, (payload) => {
        const error = thrownBy(() => expect(parseEvent(BookingCreated, payload)).toBeInstanceOf(BookingCreated));
        if (error === undefined) return;
        expect(error).toBeInstanceOf(InvalidEventError);
        expect((error as InvalidEventError).problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
    return undefined;
  } catch (error) {
    return error;
  }
}
