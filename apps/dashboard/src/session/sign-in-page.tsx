import { FormEvent, useState } from 'react';
import { useSession } from './session';
import { tokenProblem } from './session-token';

export function SignInPage() {
  const { signIn, signedOutBecause } = useSession();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = tokenProblem(token, Date.now());
    setProblem(found);
    if (!found) signIn(token.trim());
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <p className="brand brand-large" aria-hidden="true">
          <span className="brand-mark">✦</span> Wedding Coordinator
        </p>
        <h1>Sign in to your dashboard</h1>
        {signedOutBecause && (
          <p className="alert alert-warning" role="alert">
            {signedOutBecause} Sign in again.
          </p>
        )}
        <form onSubmit={submit} noValidate>
          <label htmlFor="token">Coordinator token</label>
          <textarea
            id="token"
            name="token"
            rows={4}
            spellCheck={false}
            autoComplete="off"
            value={token}
            aria-describedby="token-help"
            aria-invalid={problem ? true : undefined}
            aria-errormessage={problem ? 'token-problem' : undefined}
            onChange={(event) => setToken(event.target.value)}
          />
          {problem && (
            <p className="field-error" id="token-problem" role="alert">
              {problem}
            </p>
          )}
          <p className="hint" id="token-help">
            In development, run <code>npm run token -- &lt;your-vendor-id&gt;</code> and paste the token it prints, or open
            the link it prints. The token stays in this tab only.
          </p>
          <button type="submit" className="button button-primary">
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}
