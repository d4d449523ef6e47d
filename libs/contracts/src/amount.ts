// A sum of money as both services store it (PostgreSQL numeric(14, 2)): one rule for the request and the event.
import { registerDecorator, ValidationOptions } from 'class-validator';

/** The largest value numeric(14, 2) holds; a larger one fails the insert instead of the validation. */
export const MAX_AMOUNT = 999_999_999_999.99;

/**
 * A finite number from 0 to MAX_AMOUNT with at most two decimal places. Replaces `@IsNumber({ maxDecimalPlaces })`,
 * which throws a TypeError (not a validation error) for numbers JavaScript prints in exponent form, such as 1e-7.
 */
export function IsAmount(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAmount',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an amount from 0 to ${MAX_AMOUNT} with at most 2 decimal places`,
        ...options,
      },
      validator: { validate: isAmount },
    });
}

function isAmount(value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= MAX_AMOUNT &&
    // toFixed(2) rounds to cents; only a number that already is whole cents survives the round trip unchanged.
    Number(value.toFixed(2)) === value
  );
}
