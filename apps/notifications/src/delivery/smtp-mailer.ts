// The one way this service talks SMTP: nodemailer over SMTP_URL (a few connections kept open and reused, STARTTLS
// when the server offers it), answering what the server said rather than throwing, so the dispatcher can record every
// attempt.
import { createTransport } from 'nodemailer';
import type { ComposedEmail } from '../email/compose-email';
import { acceptedOutcome, failureOutcome, SmtpOutcome } from './smtp-outcome';

export interface OutgoingEmail extends ComposedEmail {
  notificationId: string;
  to: string;
  /** The same on every attempt of one notification. */
  messageId: string;
}

export interface SmtpMailerOptions {
  smtpUrl: string;
  mailFrom: string;
  timeoutMs: number;
  /** Connections kept open at most: as many as the dispatcher sends at once (EMAIL_CONCURRENCY). */
  maxConnections: number;
}

export class SmtpMailer {
  private readonly transport: ReturnType<typeof createTransport>;

  constructor(options: SmtpMailerOptions) {
    this.transport = createTransport(
      {
        url: options.smtpUrl,
        // A connection per email cost a TCP handshake, the greeting, EHLO and QUIT each time: four round trips and a
        // fifth of the notification service's CPU per email in `npm run bench`. A pooled connection that the server
        // closed is replaced; one that fails mid-send fails that attempt only (retried like any other).
        pool: true,
        maxConnections: options.maxConnections,
        maxMessages: 100,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
        disableFileAccess: true,
        disableUrlAccess: true,
      },
      { from: options.mailFrom },
    );
  }

  async send(email: OutgoingEmail): Promise<SmtpOutcome> {
    try {
      const info = await this.transport.sendMail({
        to: email.to,
        replyTo: email.replyTo,
        subject: email.subject,
        text: email.text,
        html: email.html,
        attachments: email.attachments,
        messageId: email.messageId,
        headers: {
          'X-Notification-Id': email.notificationId,
          // RFC 3834: an automatic message; vacation responders do not answer it.
          'Auto-Submitted': 'auto-generated',
        },
      });
      return acceptedOutcome((info as { response?: string }).response);
    } catch (error) {
      return failureOutcome(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}
