// GET /api/coordinator/stream: server-sent events telling an open dashboard what of its coordinator changed (ids only);
// the page then re-reads through the scoped API. Authenticated like every endpoint (fetch with Authorization; a
// browser EventSource cannot send the header, and a token in the URL would end up in logs).
import { Controller, Get, HttpException, HttpStatus, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CoordinatorGuard, CoordinatorId } from '@wedding/infrastructure';
import type { Request, Response } from 'express';
import { decodeJwt } from 'jose';
import { CoordinatorConfig } from '../config';
import { ActivityListener, LiveEvent } from './activity-listener';

/** A client that stopped reading is cut off (it reconnects and re-reads) rather than buffered for without bound. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** setTimeout's limit (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

@ApiTags('dashboard')
@ApiBearerAuth()
@UseGuards(CoordinatorGuard)
@Controller('api/coordinator/stream')
export class StreamController {
  constructor(
    private readonly listener: ActivityListener,
    private readonly config: CoordinatorConfig,
  ) {}

  @Get()
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-sent events: `ready` (listening; re-read what is shown), `activity` ({ type, weddingId, clientId } of ' +
      'each committed activity entry), `interrupted` (notices may be missed until the next `ready`); comments as heartbeats.',
  })
  open(@CoordinatorId() coordinatorId: string, @Req() request: Request, @Res() response: Response): void {
    if (this.listener.subscriberCount(coordinatorId) >= this.config.streamsPerCoordinator) {
      throw new HttpException(
        `at most ${this.config.streamsPerCoordinator} open streams per coordinator; close a dashboard tab`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    request.socket.setTimeout(0);
    request.socket.setNoDelay(true);
    response.writeHead(HttpStatus.OK, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx and similar proxies buffer responses unless told otherwise.
      'x-accel-buffering': 'no',
    });
    response.write('retry: 2000\n\n');

    let stopped = false;
    const send = (text: string) => {
      if (response.writableLength > MAX_BUFFERED_BYTES) return stop();
      response.write(text);
    };
    const unsubscribe = this.listener.subscribe(coordinatorId, (event) => {
      if (event.type === 'closed') return stop();
      send(serverSentEvent(event));
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), this.config.streamHeartbeatMs);
    // A stream never outlives the token that opened it: the browser reconnects, and an expired token gets its 401.
    const expiry = setTimeout(stop, Math.min(Math.max(tokenExpiresAt(request) - Date.now(), 0), MAX_TIMER_MS));
    function stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(expiry);
      unsubscribe();
      response.end();
    }
    response.on('close', stop);
  }
}

/** The guard has verified the token, `exp` included (it is required). */
function tokenExpiresAt(request: Request): number {
  const token = request.headers.authorization!.split(' ')[1];
  return decodeJwt(token).exp! * 1000;
}

function serverSentEvent(event: Exclude<LiveEvent, { type: 'closed' }>): string {
  if (event.type !== 'activity') return `event: ${event.type}\ndata: {}\n\n`;
  const { type, weddingId, clientId } = event.notice;
  return `event: activity\ndata: ${JSON.stringify({ type, weddingId, clientId })}\n\n`;
}
