// A coordinator's calendar feed: its address (made on first use), its replacement, and its content.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CalendarMilestone, CalendarWedding, weddingCalendar } from '@wedding/contracts';
import { logActivity } from '../activity/activity-log';
import { CoordinatorConfig } from '../config';
import { feedSecret, looksLikeFeedSecret, secretHash } from './feed-secret';

@Injectable()
export class CalendarService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: CoordinatorConfig,
  ) {}

  /** The coordinator's feed secret; the first call makes the feed. */
  async secretFor(coordinatorId: string): Promise<string> {
    const [feed] = await this.dataSource.query(
      `SELECT feed_id AS "feedId", secret_hash AS "secretHash" FROM coordinator_calendar_feeds WHERE coordinator_id = $1`,
      [coordinatorId],
    );
    if (!feed) {
      const feedId = randomUUID();
      const secret = feedSecret(this.config.calendarFeedKey, feedId);
      const [created] = await this.dataSource.query(
        `INSERT INTO coordinator_calendar_feeds (coordinator_id, feed_id, secret_hash) VALUES ($1, $2, $3)
         ON CONFLICT (coordinator_id) DO NOTHING RETURNING feed_id`,
        [coordinatorId, feedId, secretHash(secret)],
      );
      // Two first calls at once: the other one made it.
      return created ? secret : this.secretFor(coordinatorId);
    }
    const secret = feedSecret(this.config.calendarFeedKey, feed.feedId);
    // CALENDAR_FEED_KEY was changed: the old addresses stopped working with it, so this one becomes the feed's.
    if (!secretHash(secret).equals(feed.secretHash)) {
      await this.dataSource.query(`UPDATE coordinator_calendar_feeds SET secret_hash = $2 WHERE coordinator_id = $1`, [
        coordinatorId,
        secretHash(secret),
      ]);
    }
    return secret;
  }

  /** A new feed address; the old one answers 404 from now on. */
  async rotate(coordinatorId: string): Promise<string> {
    const feedId = randomUUID();
    const secret = feedSecret(this.config.calendarFeedKey, feedId);
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO coordinator_calendar_feeds (coordinator_id, feed_id, secret_hash) VALUES ($1, $2, $3)
         ON CONFLICT (coordinator_id) DO UPDATE
           SET feed_id = EXCLUDED.feed_id, secret_hash = EXCLUDED.secret_hash, created_at = now()`,
        [coordinatorId, feedId, secretHash(secret)],
      );
      await logActivity(em, [
        {
          coordinatorId,
          weddingId: null,
          type: 'calendar_feed_rotated',
          description: 'Calendar feed address replaced; the previous address no longer works',
          metadata: { source: 'manual' },
        },
      ]);
    });
    return secret;
  }

  /** The coordinator whose feed this secret opens, if any. */
  async coordinatorFor(secret: string): Promise<string | undefined> {
    if (!looksLikeFeedSecret(secret)) return undefined;
    const [feed] = await this.dataSource.query(
      `SELECT coordinator_id AS "coordinatorId" FROM coordinator_calendar_feeds WHERE secret_hash = $1`,
      [secretHash(secret)],
    );
    return feed?.coordinatorId;
  }

  /** Wedding days (not cancelled) and the due dates of milestones still open on weddings still ahead. */
  async feed(coordinatorId: string, dashboardUrl: string): Promise<string> {
    const [weddings, milestones]: [CalendarWedding[], CalendarMilestone[]] = await Promise.all([
      this.dataSource.query(
        `SELECT id, couple_name AS "coupleName", to_char(wedding_date, 'YYYY-MM-DD') AS "weddingDate", venue, status
           FROM coordinator_weddings
          WHERE coordinator_id = $1 AND status <> 'cancelled'
          ORDER BY wedding_date, id`,
        [coordinatorId],
      ),
      this.dataSource.query(
        `SELECT m.id, m.wedding_id AS "weddingId", w.couple_name AS "coupleName", m.title,
                to_char(m.due_date, 'YYYY-MM-DD') AS "dueDate", m.compressed
           FROM wedding_milestones m JOIN coordinator_weddings w ON w.id = m.wedding_id
          WHERE w.coordinator_id = $1 AND w.status NOT IN ('completed', 'cancelled') AND NOT m.completed
          ORDER BY m.due_date, m.id`,
        [coordinatorId],
      ),
    ]);
    return weddingCalendar({ weddings, milestones, dashboardUrl });
  }
}
