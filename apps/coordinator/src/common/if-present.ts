import { ValidateIf } from 'class-validator';

/**
 * For PATCH bodies: a field that is left out is not validated (and not changed), but an explicit null is validated
 * like any other value and so refused — `@IsOptional` would let null through to NOT NULL columns.
 */
export const IfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
