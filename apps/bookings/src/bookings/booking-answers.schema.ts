// The OpenAPI schemas of the booking answers. The booking's own fields are the request's (CreateBookingDto's schema,
// generated from its validation rules); only what the service adds is listed here.
import { INTEGRATION_FAILURE_REASONS } from '@wedding/contracts';

type Schema = Record<string, unknown>;

const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });

export const COORDINATOR_INTEGRATION: Schema = {
  type: 'object',
  required: ['status', 'clientId', 'weddingId', 'completedAt', 'reason'],
  properties: {
    status: { type: 'string', enum: ['pending', 'completed', 'failed', 'not_applicable'] },
    clientId: nullable({ type: 'string', format: 'uuid' }),
    weddingId: nullable({ type: 'string', format: 'uuid' }),
    completedAt: nullable({ type: 'string', format: 'date-time' }),
    reason: nullable({
      type: 'string',
      enum: [...INTEGRATION_FAILURE_REASONS],
      description: 'Why the integration failed, as a category; the details stay with the coordinator',
    }),
  },
};

const BOOKING: Schema = {
  allOf: [
    { $ref: '#/components/schemas/CreateBookingDto' },
    {
      type: 'object',
      required: ['id', 'status', 'coupleId', 'claimedCoupleId', 'coupleName', 'createdAt', 'coordinatorIntegration'],
      properties: {
        id: { type: 'string', format: 'uuid' },
        status: { type: 'string', enum: ['request'] },
        coupleId: nullable({ type: 'string', description: 'The couple whose token made the booking' }),
        claimedCoupleId: nullable({
          type: 'string',
          description: 'Who the request said the couple is (coupleId or x-user-id) without a token: shown, never trusted',
        }),
        createdAt: { type: 'string', format: 'date-time' },
        coordinatorIntegration: COORDINATOR_INTEGRATION,
      },
    },
  ],
};

export const BOOKING_REQUEST_ANSWER: Schema = {
  type: 'object',
  required: ['success', 'booking', 'coordinatorIntegration'],
  properties: {
    success: { type: 'boolean', enum: [true] },
    booking: BOOKING,
    coordinatorIntegration: COORDINATOR_INTEGRATION,
  },
};

export const BOOKING_ANSWER: Schema = {
  type: 'object',
  required: ['success', 'booking'],
  properties: { success: { type: 'boolean', enum: [true] }, booking: BOOKING },
};

export const ERROR_ANSWER: Schema = {
  type: 'object',
  required: ['success', 'statusCode', 'message'],
  properties: {
    success: { type: 'boolean', enum: [false] },
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  },
};
