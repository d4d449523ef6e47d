import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import { TokenVerifier } from '@wedding/infrastructure';
import { BookingsService } from './bookings.service';
import { BOOKING_ANSWER, BOOKING_REQUEST_ANSWER, ERROR_ANSWER } from './booking-answers.schema';
import { coupleIdentityFrom, USER_ID_HEADER } from './couple-identity';
import { CreateBookingDto } from './dto/create-booking.dto';
import { SnakeCaseTwinsInterceptor } from './snake-case-twins.interceptor';

/**
 * The marketplace's booking contract: answers are `{ success: true, booking, … }` and errors carry `success: false`
 * (see AppModule's error filter), the shape its booking client reads.
 */
@ApiTags('bookings')
@Controller('api/bookings')
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly tokens: TokenVerifier,
  ) {}

  /** A couple's token (role `couple`), when sent, makes the booking that couple's. */
  @Post('request')
  @ApiBearerAuth()
  @ApiHeader({ name: USER_ID_HEADER, required: false, description: 'The marketplace user; without a token only a claim' })
  @ApiCreatedResponse({ description: 'The booking, and its coordinator integration', schema: BOOKING_REQUEST_ANSWER })
  @ApiBadRequestResponse({ description: 'Each field’s problem in `message`', schema: ERROR_ANSWER })
  @UseInterceptors(new SnakeCaseTwinsInterceptor(CreateBookingDto))
  async request(@Body() dto: CreateBookingDto, @Headers() headers: IncomingHttpHeaders) {
    const booking = await this.bookings.request(dto, await coupleIdentityFrom(this.tokens, headers, dto.coupleId));
    trace.getActiveSpan()?.setAttribute('booking.id', booking.id);
    return { success: true, booking, coordinatorIntegration: booking.coordinatorIntegration };
  }

  /**
   * A booking made with a couple's token is that couple's: without the same token it is not found (404, so that its
   * existence does not show). One made without a token is read with its id alone, as before couple tokens existed.
   */
  @Get(':id')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The booking with its coordinator integration', schema: BOOKING_ANSWER })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Headers() headers: IncomingHttpHeaders) {
    const token = await this.tokens.fromHeaders(headers);
    return { success: true, booking: await this.bookings.get(id, token?.role === 'couple' ? token.subject : null) };
  }
}
