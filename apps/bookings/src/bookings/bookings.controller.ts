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

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.bookings.get(id);
  }
}
