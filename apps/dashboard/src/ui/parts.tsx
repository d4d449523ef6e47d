// The small pieces every page uses: errors in words, list filters, status badges, progress, paging, loading and empty states.
import { ReactNode } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/api-error';
import { pageCount, pageRange } from './format';

/** An API error as a person reads it; never swallowed. */
export function ErrorMessage({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const existing = error instanceof ApiError ? error.existingClientId : undefined;
  return (
    <div className="alert alert-error" role="alert">
      <strong>{title}.</strong> {message}
      {existing && (
        <>
          {' '}
          <Link to={`/clients/${existing}`}>Open the existing client</Link>
        </>
      )}
    </div>
  );
}

/**
 * A save refused with 409, or any error of it: the first says that `what` was changed elsewhere since it was opened and
 * offers the newest version (the edits here are dropped); anything else is an ErrorMessage.
 */
export function SaveError({ error, what, onReload }: { error: unknown; what: string; onReload: () => void }) {
  if (!(error instanceof ApiError && error.status === 409)) return <ErrorMessage error={error} title={`The ${what} was not saved`} />;
  return (
    <div className="alert alert-warning" role="alert">
      <strong>This {what} was changed elsewhere</strong> since you opened it, so your changes were not saved. Reload it to
      see the newest version (your edits here are dropped), then make them again.{' '}
      <button type="button" className="button button-small" onClick={onReload}>
        Reload the {what}
      </button>
    </div>
  );
}

/** What a form found wrong before sending anything. */
export function ProblemList({ what, problems }: { what: string; problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="alert alert-error" role="alert">
      <strong>The {what} was not saved.</strong>
      <ul>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  return (
    <div className="progress">
      <div className="progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
      <span className="progress-value">{value}%</span>
    </div>
  );
}

export function Pager({
  page,
  pageSize,
  total,
  onPage,
  label,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  label: string;
}) {
  const pages = pageCount(pageSize, total);
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <span className="pager-range">{pageRange(page, pageSize, total)}</span>
      <button type="button" className="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span className="pager-page">
        Page {page} of {pages}
      </span>
      <button type="button" className="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description && <p className="page-description">{description}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A list filter: one of `values`, or none (`anyLabel`); a change goes back to the first page (the caller's `onChange`). */
export function FilterSelect({
  id,
  label,
  value,
  anyLabel,
  values,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  anyLabel: string;
  values: readonly string[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{anyLabel}</option>
        {values.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}
