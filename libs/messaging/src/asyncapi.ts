// The AsyncAPI 3 catalogue of the events a service publishes, generated from the contract classes: a channel per
// routing key on its topic exchange, a message per contract with the JSON schema of its class-validator rules (the
// rules that validate it on both sides of the wire), and the AMQP properties and headers the relay sets.
import 'reflect-metadata';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EventContract, MAX_AMOUNT, METADATA_MAX_BYTES } from '@wedding/contracts';
import { VERSION_HEADER } from './event-publisher';

export interface PublishedEvents {
  /** The service that publishes them (bookings, coordinator). */
  service: string;
  /** Its topic exchange (BOOKINGS_EXCHANGE, COORDINATOR_EXCHANGE). */
  exchange: string;
  events: EventContract[];
}

type Schema = Record<string, unknown>;

const SCHEMAS = '#/components/schemas/';

/** class-transformer's @Type() registry, where nested classes (a wedding's milestones) are declared. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

/**
 * Our own decorators, which class-validator-jsonschema cannot see into (it would point them at a schema named after
 * the property's runtime type).
 */
const CUSTOM_RULES: Record<string, Schema> = {
  isAmount: { type: 'number', minimum: 0, maximum: MAX_AMOUNT, multipleOf: 0.01 },
  fitsInBytes: { type: 'object', description: `at most ${METADATA_MAX_BYTES} bytes of JSON` },
};

/** Every contract class's schema, and the schemas they refer to (nested classes), by class name. */
function contractSchemas(contracts: EventContract[]): Record<string, Schema> {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: SCHEMAS,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: CUSTOM_RULES,
  }) as Record<string, Schema>;
  const chosen: Record<string, Schema> = {};
  const take = (name: string) => {
    if (chosen[name] || !all[name]) return;
    chosen[name] = nullableWhenOptional(all[name]);
    JSON.stringify(all[name], (key, value) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMAS)) take(value.slice(SCHEMAS.length));
      return value;
    });
  };
  for (const contract of contracts) take(contract.name);
  return chosen;
}

/**
 * class-validator lets an optional field (IsOptional, or a ValidateIf that does not apply) be null as well as absent;
 * the producers write null for a field the booking did not have. A schema that said only `type: string` would refuse
 * the events the services actually publish.
 */
function nullableWhenOptional(schema: Schema): Schema {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.fromEntries(
    Object.entries((schema.properties as Record<string, Schema>) ?? {}).map(([name, property]) => [
      name,
      required.has(name) ? property : { anyOf: [property, { type: 'null' }] },
    ]),
  );
  return { ...schema, properties, additionalProperties: true };
}

const channelId = (contract: EventContract) => contract.name.charAt(0).toLowerCase() + contract.name.slice(1);

/** The AsyncAPI 3 document of these producers' events. */
export function asyncApiDocument({ title, producers }: { title: string; producers: PublishedEvents[] }): Schema {
  const contracts = producers.flatMap((producer) => producer.events);
  const channels: Schema = {};
  const operations: Schema = {};
  const messages: Schema = {};
  for (const { service, exchange, events } of producers) {
    for (const contract of events) {
      const id = channelId(contract);
      const correlation = contract.correlatedBy ?? 'bookingId';
      // "bookingId" → "booking's id"
      const correlatedBy = `${correlation.replace(/Id$/, '')}'s id`;
      channels[id] = {
        address: contract.type,
        title: `${contract.type} on ${exchange}`,
        description: `Routing key ${contract.type} on the topic exchange ${exchange}; bind a queue of your own to it.`,
        messages: { [contract.name]: { $ref: `#/components/messages/${contract.name}` } },
        bindings: {
          amqp: {
            is: 'routingKey',
            exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
            bindingVersion: '0.3.0',
          },
        },
      };
      operations[`${service}Publishes${contract.name}`] = {
        action: 'send',
        title: `${service} publishes ${contract.name}`,
        channel: { $ref: `#/channels/${id}` },
        messages: [{ $ref: `#/channels/${id}/messages/${contract.name}` }],
        bindings: { amqp: { deliveryMode: 2, mandatory: false, timestamp: true, ack: true, bindingVersion: '0.3.0' } },
      };
      messages[contract.name] = {
        name: contract.type,
        title: `${contract.name} v${contract.version}`,
        summary: `Published by the ${service} service.`,
        description:
          `AMQP properties: type \`${contract.type}\`, message_id = the payload's eventId (consumers deduplicate on it), ` +
          `correlation_id = the ${correlatedBy}, persistent, content type application/json. Header ${VERSION_HEADER} ` +
          `\`${contract.version}\`; a breaking change is a new contract with a new version.`,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            [VERSION_HEADER]: { type: 'string', const: String(contract.version), description: 'The contract version' },
            traceparent: { type: 'string', description: 'W3C trace context of the booking, when tracing is on' },
            tracestate: { type: 'string', description: 'W3C trace state, when there is one' },
          },
          required: [VERSION_HEADER],
        },
        payload: { $ref: `${SCHEMAS}${contract.name}` },
        correlationId: { description: `The ${correlatedBy}, also the AMQP correlation_id`, location: `$message.payload#/${correlation}` },
        bindings: { amqp: { messageType: contract.type, bindingVersion: '0.3.0' } },
        'x-event-type': contract.type,
        'x-event-version': contract.version,
        'x-message-id': { description: 'Also the AMQP message_id', location: '$message.payload#/eventId' },
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title,
      version: '1.0.0',
      description:
        'Events of the wedding-coordinator system. Each is declared once, as a class in libs/contracts, whose ' +
        'class-validator rules give the schemas below. Consumers must ack manually and deduplicate by message id.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: contractSchemas(contracts) },
  };
}
