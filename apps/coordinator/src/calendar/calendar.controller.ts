// The calendar feed: its address for the signed-in coordinator, its replacement, and the feed itself, which calendar
// apps fetch without a token — the secret in its path is the credential, so it must never reach a log line.
import { Controller, Get, HttpCode, NotFoundException, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import type { Request, Response } from 'express';
import { CoordinatorConfig } from '../config';
import { CalendarService } from './calendar.service';

const FEED_PATH = 'api/coordinator/calendar';

/** The service's address as its users reach it: COORDINATOR_PUBLIC_URL, else what this request was sent to. */
function publicBaseUrl(config: CoordinatorConfig, request: Request): string {
  return (config.publicUrl || `${request.protocol}://${request.get('host')}`).replace(/\/$/, '');
}

@ApiTags('calendar')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller(FEED_PATH)
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly config: CoordinatorConfig,
  ) {}

  @Get()
  @ApiOkResponse({ description: '{ url }: the iCalendar feed to subscribe to in Google Calendar, Apple Calendar or Outlook' })
  async get(@CoordinatorId() coordinatorId: string, @Req() request: Request) {
    return { url: this.feedUrl(request, await this.calendar.secretFor(coordinatorId)) };
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ url }: the new feed address; the previous one answers 404 from now on' })
  async rotate(@CoordinatorId() coordinatorId: string, @Req() request: Request) {
    return { url: this.feedUrl(request, await this.calendar.rotate(coordinatorId)) };
  }

  private feedUrl(request: Request, secret: string): string {
    return `${publicBaseUrl(this.config, request)}/${FEED_PATH}/${secret}.ics`;
  }
}

@ApiTags('calendar')
@Controller(FEED_PATH)
export class CalendarFeedController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly config: CoordinatorConfig,
  ) {}

  @Get(':file')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: "iCalendar: the coordinator's wedding days and open milestone due dates, all-day events" })
  async feed(@Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const coordinatorId = file.endsWith('.ics') ? await this.calendar.coordinatorFor(file.slice(0, -4)) : undefined;
    // The same answer for a malformed, unknown or rotated secret, and never the secret in the message.
    if (!coordinatorId) throw new NotFoundException('calendar feed not found');
    const body = await this.calendar.feed(coordinatorId, `${publicBaseUrl(this.config, request)}/dashboard`);
    response
      .status(200)
      .set({
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': 'inline; filename="weddings.ics"',
        'cache-control': 'private, max-age=300',
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex',
      })
      .send(body);
  }
}
