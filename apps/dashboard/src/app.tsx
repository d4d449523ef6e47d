// The dashboard's frame: sign-in, navigation, the live indicator and arrivals, and the pages.
import { NavLink, Route, Routes, Link } from 'react-router';
import { LiveUpdates, useLive } from './live/live-updates';
import { ActivityPage } from './pages/activity-page';
import { CalendarPage } from './pages/calendar-page';
import { ClientPage } from './pages/client-page';
import { ClientsPage } from './pages/clients-page';
import { NewClientPage } from './pages/new-client-page';
import { NotificationsPage } from './pages/notifications-page';
import { OverviewPage } from './pages/overview-page';
import { TemplateEditorPage } from './pages/template-editor-page';
import { TemplatesPage } from './pages/templates-page';
import { WeddingPage } from './pages/wedding-page';
import { WeddingsPage } from './pages/weddings-page';
import { useSession } from './session/session';
import { SignInPage } from './session/sign-in-page';
import { formatShortDate } from './ui/format';
import { Empty } from './ui/parts';

const NAVIGATION = [
  { to: '/', label: 'Overview', end: true },
  { to: '/clients', label: 'Clients' },
  { to: '/weddings', label: 'Weddings' },
  { to: '/templates', label: 'Templates' },
  { to: '/activity', label: 'Activity' },
  { to: '/notifications', label: 'Notifications' },
  { to: '/calendar', label: 'Calendar feed' },
];

export function App() {
  const { token } = useSession();
  if (!token) return <SignInPage />;
  return (
    <LiveUpdates>
      <Shell />
    </LiveUpdates>
  );
}

function Shell() {
  const { signOut, coordinatorId } = useSession();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✦
          </span>{' '}
          Wedding Coordinator
        </p>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="sidebar-footer">
          <LiveIndicator />
          <p className="signed-in" title={coordinatorId}>
            Coordinator <code>{coordinatorId?.slice(0, 8)}</code>
          </p>
          <button type="button" className="button button-quiet" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" className="content" tabIndex={-1}>
        <Arrivals />
        <Routes>
          <Route index element={<OverviewPage />} />
          <Route path="clients" element={<ClientsPage />} />
          <Route path="clients/new" element={<NewClientPage />} />
          <Route path="clients/:id" element={<ClientPage />} />
          <Route path="weddings" element={<WeddingsPage />} />
          <Route path="weddings/:id" element={<WeddingPage />} />
          <Route path="templates" element={<TemplatesPage />} />
          <Route path="templates/:id" element={<TemplateEditorPage />} />
          <Route path="activity" element={<ActivityPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route
            path="*"
            element={
              <Empty>
                There is no such page. <Link to="/">Go to the overview</Link>
              </Empty>
            }
          />
        </Routes>
      </main>
    </div>
  );
}

function LiveIndicator() {
  const { status, problem } = useLive();
  const words = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' }[status];
  return (
    <div className={`live live-${status}`} role="status" title={problem}>
      <span className="live-dot" aria-hidden="true" /> {words}
      {problem && <span className="visually-hidden">: {problem}</span>}
    </div>
  );
}

function Arrivals() {
  const { arrivals, dismiss } = useLive();
  return (
    <div className="arrivals" aria-live="polite">
      {arrivals.map((arrival) => (
        <div className="arrival" key={arrival.weddingId}>
          <span>
            <strong>New booking:</strong> {arrival.coupleName}, {formatShortDate(arrival.weddingDate)}.
          </span>{' '}
          <Link to={`/weddings/${arrival.weddingId}`} onClick={() => dismiss(arrival.weddingId)}>
            Open the wedding
          </Link>
          <button type="button" className="button button-quiet" onClick={() => dismiss(arrival.weddingId)}>
            Dismiss<span className="visually-hidden"> the notice about {arrival.coupleName}</span>
          </button>
        </div>
      ))}
    </div>
  );
}
