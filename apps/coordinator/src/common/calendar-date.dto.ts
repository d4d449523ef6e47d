import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';
import { DATE_ONLY } from '@wedding/contracts';

/** A real calendar date written YYYY-MM-DD. */
export const IsCalendarDate = () =>
  applyDecorators(
    IsISO8601({ strict: true }, { message: ({ property }) => `${property} must be a real calendar date (YYYY-MM-DD)` }),
    Matches(DATE_ONLY, { message: ({ property }) => `${property} must be YYYY-MM-DD` }),
  );
