import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS, WebhookEventType, WebhookFormat } from '../webhook-payload';

export class CreateWebhookEndpointDto {
  /** https (plain http only to WEBHOOK_ALLOWED_PRIVATE_TARGETS); its host must be public — checked by the service. */
  @IsString() @MaxLength(2000) url!: string;
  /** Left out: every event type. */
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each value in events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  events?: WebhookEventType[];
  @IsOptional() @IsString() @MaxLength(500) description?: string;
  /** `slack`: a Slack incoming-webhook URL, sent a short unsigned text message. */
  @IsOptional() @IsIn(WEBHOOK_FORMATS) format?: WebhookFormat;
}
