// POST /api/notifications/sms/inbound: the SMS provider forwards the replies to our messages. STOP (and its variants)
// opts the number out at once, and what is still waiting for it is not sent, a confirmation code included; START opts
// it back in; YES does too, and confirms the number a code was texted to. Authenticated by the shared secret, not by a
// coordinator's token.
import { Body, Controller, HttpCode, Logger, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { e164Phone } from '@wedding/contracts';
import { Metrics, notificationMetrics } from '@wedding/infrastructure';
import { SmsInboundDto } from './dto/sms-inbound.dto';
import { inboundKeyword } from './inbound-keyword';
import { lockNumber, optInByReply, optOutByReply } from './sms-consents';
import { SmsConfirmations } from './sms-confirmations';
import { SmsInboundSecretGuard } from './sms-inbound-secret.guard';

export interface InboundAnswer {
  /** What the reply did: `opted-out`, `opted-in`, or `none` (not a keyword, or a number we do not text). */
  action: 'opted-out' | 'opted-in' | 'none';
}

@ApiTags('sms')
@SkipThrottle()
@UseGuards(SmsInboundSecretGuard)
@Controller('api/notifications/sms')
export class SmsInboundController {
  private readonly logger = new Logger(SmsInboundController.name);
  private readonly sends;

  constructor(
    private readonly dataSource: DataSource,
    private readonly confirmations: SmsConfirmations,
    metrics: Metrics,
  ) {
    this.sends = notificationMetrics(metrics);
  }

  @Post('inbound')
  @HttpCode(200)
  @ApiOkResponse({ description: '{ action: "opted-out" | "opted-in" | "none" }' })
  @ApiUnauthorizedResponse({ description: 'no or a wrong X-SMS-Inbound-Secret' })
  async inbound(@Body() dto: SmsInboundDto): Promise<InboundAnswer> {
    const keyword = inboundKeyword(dto.message);
    const phone = e164Phone(dto.number);
    if (!keyword || !phone) {
      this.logger.log({ msg: 'sms reply ignored', keyword: keyword ?? null, numberUnderstood: phone !== null });
      return { action: 'none' };
    }
    const reply = dto.message.trim();
    if (keyword === 'stop') {
      const { coordinators, skipped } = await this.dataSource.transaction(async (em) => {
        const stopped = await optOutByReply(em, phone, reply);
        await this.confirmations.stoppedByReply(em, phone);
        // What still waits for the number is not sent (the dispatcher re-checks consent too, for one it already claimed).
        const [, held] = await em.query(
          `UPDATE notifications SET status = 'skipped', last_error = 'not sent: the number replied STOP', updated_at = now()
            WHERE channel = 'sms' AND recipient = $1 AND status = 'pending' AND coordinator_id = ANY($2::uuid[])`,
          [phone, stopped],
        );
        return { coordinators: stopped, skipped: held as number };
      });
      if (skipped > 0) this.sends.inc({ channel: 'sms', outcome: 'skipped' }, skipped);
      this.logger.log({ msg: 'sms number opted out by reply', coordinators: coordinators.length, skipped });
      return { action: coordinators.length > 0 ? 'opted-out' : 'none' };
    }
    const coordinators = await this.dataSource.transaction(async (em) => {
      await lockNumber(em, phone);
      return keyword === 'yes' ? this.confirmations.confirmByReply(em, phone, reply) : optInByReply(em, phone, reply);
    });
    this.logger.log({ msg: keyword === 'yes' ? 'sms number confirmed or opted back in by YES' : 'sms number opted back in by reply', coordinators: coordinators.length });
    return { action: coordinators.length > 0 ? 'opted-in' : 'none' };
  }
}
