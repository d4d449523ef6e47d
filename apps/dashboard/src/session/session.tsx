// Who is signed in in this tab, and the API client that calls with their token.
import { useQueryClient } from '@tanstack/react-query';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiClient } from '../api/api-client';
import { readClaims, TOKEN_KEY, tokenFromFragment } from './session-token';

interface Session {
  token: string | undefined;
  coordinatorId: string | undefined;
  api: ApiClient | undefined;
  /** Why the last session ended, shown on the sign-in page. */
  signedOutBecause: string | undefined;
  signIn(token: string): void;
  /** `refused`: the token an API refused; the tab signs out only while that is still its token. */
  signOut(reason?: string, refused?: string): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

/**
 * Before the first render, and whenever a link is opened in a tab that already shows the dashboard (only the fragment
 * changes, so the page does not load again): a token in the fragment replaces the stored one and leaves the address bar.
 */
export function takeTokenFromAddress(): string | undefined {
  const taken = tokenFromFragment(window.location.hash);
  if (!taken) return undefined;
  sessionStorage.setItem(TOKEN_KEY, taken.token);
  history.replaceState(history.state, '', `${window.location.pathname}${window.location.search}${taken.rest}`);
  return taken.token;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? undefined);
  const [signedOutBecause, setSignedOutBecause] = useState<string>();
  // Nothing read with one token is shown to the next.
  const queryClient = useQueryClient();

  const signOut = useCallback((reason?: string, refused?: string) => {
    // A refused token signs the tab out once: the answers still coming for it (the live stream, an aborted read), or
    // for the token before a new sign-in, change nothing.
    if (refused !== undefined && sessionStorage.getItem(TOKEN_KEY) !== refused) return;
    sessionStorage.removeItem(TOKEN_KEY);
    queryClient.clear();
    setToken(undefined);
    setSignedOutBecause(reason);
  }, [queryClient]);
  const signIn = useCallback((next: string) => {
    sessionStorage.setItem(TOKEN_KEY, next);
    queryClient.clear();
    setSignedOutBecause(undefined);
    setToken(next);
  }, [queryClient]);

  useEffect(() => {
    const onHashChange = () => {
      const taken = takeTokenFromAddress();
      if (taken) signIn(taken);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [signIn]);

  const session = useMemo<Session>(
    () => ({
      token,
      coordinatorId: token ? readClaims(token)?.subject : undefined,
      api: token ? new ApiClient(token, (message) => signOut(message, token)) : undefined,
      signedOutBecause,
      signIn,
      signOut,
    }),
    [token, signedOutBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The API client of the signed-in coordinator (pages render only when signed in). */
export function useApi(): ApiClient {
  const { api } = useSession();
  if (!api) throw new Error('useApi while signed out');
  return api;
}
