// GET /calendar and POST /calendar/rotate: the address calendar apps subscribe to, and its replacement.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../session/session';
import { ErrorMessage, Loading, PageHeader } from '../ui/parts';

export function CalendarPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const feed = useQuery({ queryKey: ['calendar'], queryFn: () => api.get<{ url: string }>('/calendar') });
  const [copied, setCopied] = useState<string>();
  const [rotated, setRotated] = useState(false);
  const rotate = useMutation({
    mutationFn: () => api.post<{ url: string }>('/calendar/rotate'),
    onSuccess: (next) => {
      queryClient.setQueryData(['calendar'], next);
      setRotated(true);
      setCopied(undefined);
    },
  });
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying is not allowed here: select the address and copy it yourself.');
    }
  };

  return (
    <>
      <PageHeader title="Calendar feed" description="Your wedding days and open milestone due dates, in the calendar app you already use." />
      <ErrorMessage error={feed.error} title="The calendar feed could not be loaded" />
      {feed.isPending && <Loading what="the calendar feed" />}
      {feed.data && (
        <section className="panel panel-narrow panel-stack">
          <div className="field">
            <label htmlFor="feed-url">Subscription address</label>
            <div className="copy-row">
              <input id="feed-url" readOnly value={feed.data.url} onFocus={(event) => event.target.select()} aria-describedby="feed-help" />
              <button type="button" className="button" onClick={() => void copy(feed.data.url)}>
                Copy
              </button>
            </div>
          </div>
          {copied && (
            <p className="hint" role="status">
              {copied}
            </p>
          )}
          <div className="hint" id="feed-help">
            <p>Subscribe to this address, don't import it, so that the calendar keeps itself up to date:</p>
            <ul>
              <li>Google Calendar: Other calendars → + → From URL.</li>
              <li>Apple Calendar: File → New Calendar Subscription.</li>
              <li>Outlook: Add calendar → Subscribe from web.</li>
            </ul>
            <p>Anyone with the address can read the calendar. If it was shared by mistake, replace it: the old address stops working at once.</p>
          </div>
          {rotated && (
            <p className="alert alert-success" role="status">
              A new address is ready; the previous one no longer works. Update your calendar subscriptions.
            </p>
          )}
          <ErrorMessage error={rotate.error} title="The address was not replaced" />
          <div className="form-actions">
            <button type="button" className="button button-danger" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
              {rotate.isPending ? 'Replacing…' : 'Replace the address'}
            </button>
          </div>
        </section>
      )}
    </>
  );
}
