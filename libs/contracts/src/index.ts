export { BookingCreated, MAX_GUEST_COUNT } from './booking-created.event';
export { IsAmount, MAX_AMOUNT } from './amount';
export { DATE_ONLY, PHONE_PATTERN } from './patterns';
export { CoordinatorWeddingCreated, CoordinatorWeddingMilestone } from './coordinator-wedding-created.event';
export { CoordinatorIntegrationFailed } from './coordinator-integration-failed.event';
export { isCoordinatorBusinessType } from './coordinator-vendor';
export { InvalidEventError, parseEvent, flattenValidationErrors } from './event-contract';
export type { EventContract, EventPayload } from './event-contract';
