// The loop every dispatcher of the notifications table runs (email, SMS, webhooks): a pass right away when woken after
// a commit, passes back to back while there is more or it was woken meanwhile, else one every poll interval (retries,
// another instance's rows, a clock that moved) — after a failed pass at least a second later. Outside any trace:
// wake() is called inside deliveries and requests, and each message is sent in the context stored with it.
import { Logger } from '@nestjs/common';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';

export class DispatchLoop {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private passing: Promise<void> | undefined;
  private wokenWhilePassing = false;

  /** `pass` does one round of work and answers whether there may be more right away. */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly pollIntervalMs: number,
    private readonly pass: () => Promise<boolean>,
  ) {}

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** No pass starts after this; the one in progress finishes. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.passing;
  }

  wake(): void {
    if (!this.running) return;
    if (this.passing) this.wokenWhilePassing = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = context.with(ROOT_CONTEXT, () => setTimeout(() => void this.run(), delayMs));
  }

  private async run(): Promise<void> {
    if (this.passing) return;
    let failed = false;
    this.passing = (async () => {
      try {
        let more: boolean;
        do {
          this.wokenWhilePassing = false;
          more = await this.pass();
        } while (this.running && (more || this.wokenWhilePassing));
      } catch (error) {
        failed = true;
        this.logger.warn({ msg: `${this.what} failed; trying again at the next poll`, error: String(error) });
      }
    })();
    await this.passing;
    this.passing = undefined;
    if (this.running) this.schedule(failed ? Math.max(this.pollIntervalMs, 1000) : this.pollIntervalMs);
  }
}
