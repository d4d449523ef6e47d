import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { IncomingHttpHeaders } from 'node:http';
import { TokenVerifier } from '@wedding/infrastructure';
import { BookingsService } from './bookings.service';
import { coupleIdFrom } from './couple-identity';
import { CreateBookingDto } from './dto/create-booking.dto';
import { SnakeCaseTwinsInterceptor } from './snake-case-twins.interceptor';

@ApiTags('bookings')
@Controller('api/bookings')
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly tokens: TokenVerifier,
  ) {}

  /** A couple's token (role `couple`), when sent, sets the booking's coupleId. */
  @Post('request')
  @ApiBearerAuth()
  @UseInterceptors(new SnakeCaseTwinsInterceptor(CreateBookingDto))
  async request(@Body() dto: CreateBookingDto, @Headers() headers: IncomingHttpHeaders) {
    return this.bookings.request(dto, await coupleIdFrom(this.tokens, headers, dto.coupleId));
  }

  /**
   * A booking made with a couple's token is that couple's: without the same token it is not found (404, so that its
   * existence does not show). One made without a token is read with its id alone, as before couple tokens existed.
   */
  @Get(':id')
  @ApiBearerAuth()
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Headers() headers: IncomingHttpHeaders) {
    const token = await this.tokens.fromHeaders(headers);
    return this.bookings.get(id, token?.role === 'couple' ? token.subject : null);
  }
}
